//! Minimal SVG charts for the examples (plotters, SVG backend only: no fonts, no C libraries).
//!
//! Examples include this file with `#[path = "support/chart.rs"] mod chart;`. It renders to a
//! `String`; the example decides where to write it.
#![allow(dead_code)]

use std::error::Error;

use plotters::prelude::*;

/// A shaded interval band (e.g. a 95 % confidence band).
pub struct Band {
    /// Legend label.
    pub label: String,
    /// x values (ascending).
    pub xs: Vec<f64>,
    /// Lower bounds.
    pub lo: Vec<f64>,
    /// Upper bounds.
    pub hi: Vec<f64>,
    /// Fill colour.
    pub color: RGBColor,
}

/// A polyline.
pub struct Line {
    /// Legend label.
    pub label: String,
    /// Points.
    pub points: Vec<(f64, f64)>,
    /// Stroke colour.
    pub color: RGBColor,
    /// Stroke width in pixels.
    pub width: u32,
}

/// A vertical marker line with a label (e.g. a detected change point).
pub struct Marker {
    /// x position.
    pub x: f64,
    /// Label drawn next to the line.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
}

/// A line chart with bands, lines and vertical markers.
pub struct LineChart {
    /// Title.
    pub title: String,
    /// x-axis description.
    pub x_desc: String,
    /// y-axis description.
    pub y_desc: String,
    /// Shaded bands, drawn first.
    pub bands: Vec<Band>,
    /// Lines, drawn over the bands.
    pub lines: Vec<Line>,
    /// Vertical markers, drawn last.
    pub markers: Vec<Marker>,
    /// Size in pixels.
    pub size: (u32, u32),
}

fn bounds(chart: &LineChart) -> Option<((f64, f64), (f64, f64))> {
    let mut xs = Vec::new();
    let mut ys = Vec::new();
    for b in &chart.bands {
        xs.extend(b.xs.iter().copied());
        ys.extend(b.lo.iter().chain(&b.hi).copied());
    }
    for l in &chart.lines {
        for &(x, y) in &l.points {
            xs.push(x);
            ys.push(y);
        }
    }
    let fin = |v: &Vec<f64>| {
        let mut it = v.iter().copied().filter(|x| x.is_finite());
        let first = it.next()?;
        Some(it.fold((first, first), |(a, b), x| (a.min(x), b.max(x))))
    };
    let (x0, x1) = fin(&xs)?;
    let (y0, y1) = fin(&ys)?;
    let pad = ((y1 - y0) * 0.05).max(1e-12);
    Some(((x0, x1.max(x0 + 1e-9)), (y0 - pad, y1 + pad)))
}

/// Rendering options for [`render_line_chart_with`].
pub struct LineOptions {
    /// Plot log10(y) and label the axis with powers of ten (all y must be positive).
    pub log_y: bool,
    /// Where the legend goes.
    pub legend: SeriesLabelPosition,
    /// Decimals of the x tick labels.
    pub x_decimals: usize,
    /// Extra empty y range, as a fraction of the data's, on the legend's side (keeps the legend
    /// off the data).
    pub legend_room: f64,
}

impl Default for LineOptions {
    fn default() -> Self {
        Self {
            log_y: false,
            legend: SeriesLabelPosition::LowerLeft,
            x_decimals: 0,
            legend_room: 0.0,
        }
    }
}

/// Renders a line chart to an SVG string (linear axes, legend lower left).
pub fn render_line_chart(chart: &LineChart) -> Result<String, Box<dyn Error>> {
    render_line_chart_with(chart, &LineOptions::default())
}

fn log10_chart(chart: &LineChart) -> Result<LineChart, Box<dyn Error>> {
    let lg = |v: f64| {
        if v > 0.0 { Ok(v.log10()) } else { Err(format!("log scale needs y > 0, got {v}")) }
    };
    let map = |v: &[f64]| v.iter().map(|&y| lg(y)).collect::<Result<Vec<_>, _>>();
    Ok(LineChart {
        title: chart.title.clone(),
        x_desc: chart.x_desc.clone(),
        y_desc: chart.y_desc.clone(),
        bands: chart
            .bands
            .iter()
            .map(|b| {
                Ok(Band {
                    label: b.label.clone(),
                    xs: b.xs.clone(),
                    lo: map(&b.lo)?,
                    hi: map(&b.hi)?,
                    color: b.color,
                })
            })
            .collect::<Result<_, String>>()?,
        lines: chart
            .lines
            .iter()
            .map(|l| {
                Ok(Line {
                    label: l.label.clone(),
                    points: l
                        .points
                        .iter()
                        .map(|&(x, y)| Ok((x, lg(y)?)))
                        .collect::<Result<_, String>>()?,
                    color: l.color,
                    width: l.width,
                })
            })
            .collect::<Result<_, String>>()?,
        markers: chart
            .markers
            .iter()
            .map(|m| Marker { x: m.x, label: m.label.clone(), color: m.color })
            .collect(),
        size: chart.size,
    })
}

/// Formats a power of ten compactly: 1e-6 → "10⁻⁶"-style "1e-6", 1000 → "1000".
fn power_of_ten(v: f64) -> String {
    let y = 10f64.powf(v);
    if (-2.0..=4.0).contains(&v) {
        let decimals = if v < 0.0 { (-v).ceil() as usize } else { 0 };
        format!("{y:.decimals$}")
    } else {
        format!("{y:.0e}")
    }
}

/// Renders a line chart to an SVG string with the given options.
pub fn render_line_chart_with(
    chart: &LineChart,
    options: &LineOptions,
) -> Result<String, Box<dyn Error>> {
    let logged;
    let chart = if options.log_y {
        logged = log10_chart(chart)?;
        &logged
    } else {
        chart
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size).into_drawing_area();
        root.fill(&WHITE)?;
        let ((x0, x1), (mut y0, mut y1)) = bounds(chart).ok_or("chart has no finite data")?;
        let room = (y1 - y0) * options.legend_room.max(0.0);
        match options.legend {
            SeriesLabelPosition::LowerLeft
            | SeriesLabelPosition::LowerMiddle
            | SeriesLabelPosition::LowerRight => y0 -= room,
            SeriesLabelPosition::UpperLeft
            | SeriesLabelPosition::UpperMiddle
            | SeriesLabelPosition::UpperRight => y1 += room,
            _ => {}
        }
        let mut ctx = ChartBuilder::on(&root)
            .caption(&chart.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        let x_decimals = options.x_decimals;
        let y_fmt = |y: &f64| {
            if options.log_y {
                power_of_ten(*y)
            } else {
                let span = (y1 - y0).abs();
                let d = if span >= 20.0 {
                    0
                } else if span >= 2.0 {
                    1
                } else {
                    3
                };
                format!("{y:.d$}")
            }
        };
        let x_fmt = |x: &f64| format!("{x:.x_decimals$}");
        let mut mesh = ctx.configure_mesh();
        mesh.x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_desc(chart.x_desc.as_str())
            .y_desc(chart.y_desc.as_str())
            .light_line_style(WHITE.mix(0.0));
        if options.log_y {
            // One tick per decade at most.
            mesh.y_labels(((y1 - y0).floor() as usize + 1).clamp(2, 12));
        }
        mesh.draw()?;
        for b in &chart.bands {
            let mut poly: Vec<(f64, f64)> =
                b.xs.iter().copied().zip(b.hi.iter().copied()).collect();
            poly.extend(b.xs.iter().copied().zip(b.lo.iter().copied()).rev());
            let color = b.color;
            let drawn =
                ctx.draw_series(std::iter::once(Polygon::new(poly, color.mix(0.25).filled())))?;
            if !b.label.is_empty() {
                drawn.label(b.label.as_str()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 18, y + 5)], color.mix(0.25).filled())
                });
            }
        }
        for l in &chart.lines {
            let style = ShapeStyle::from(&l.color).stroke_width(l.width);
            let color = l.color;
            ctx.draw_series(LineSeries::new(l.points.iter().copied(), style))?
                .label(l.label.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                });
        }
        for m in &chart.markers {
            let style = ShapeStyle::from(&m.color).stroke_width(2);
            ctx.draw_series(std::iter::once(PathElement::new(vec![(m.x, y0), (m.x, y1)], style)))?;
            if !m.label.is_empty() {
                ctx.draw_series(std::iter::once(Text::new(
                    m.label.clone(),
                    (m.x, y1 - (y1 - y0) * 0.04),
                    ("sans-serif", 13).into_font().color(&m.color),
                )))?;
            }
        }
        ctx.configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(options.legend.clone())
            .draw()?;
        root.present()?;
    }
    Ok(svg)
}

/// One bar with an optional error bar.
pub struct Bar {
    /// Category label.
    pub label: String,
    /// Bar height.
    pub value: f64,
    /// Error-bar bounds, if any.
    pub interval: Option<(f64, f64)>,
}

/// Renders a vertical bar chart with error bars to an SVG string.
pub fn render_bar_chart(
    title: &str,
    y_desc: &str,
    bars: &[Bar],
    size: (u32, u32),
) -> Result<String, Box<dyn Error>> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        let y_max = bars
            .iter()
            .map(|b| b.interval.map_or(b.value, |(_, hi)| hi.max(b.value)))
            .fold(0.0f64, f64::max)
            * 1.1;
        let n = bars.len().max(1);
        let mut ctx = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d((0..n - 1).into_segmented(), 0f64..y_max.max(1e-12))?;
        let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
        ctx.configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_labels(n)
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_desc(y_desc)
            .draw()?;
        for (i, b) in bars.iter().enumerate() {
            let mut rect = Rectangle::new(
                [(SegmentValue::Exact(i), 0.0), (SegmentValue::Exact(i + 1), b.value)],
                BLUE.mix(0.55).filled(),
            );
            rect.set_margin(0, 0, 8, 8);
            ctx.draw_series(std::iter::once(rect))?;
            if let Some((lo, hi)) = b.interval {
                let s = ShapeStyle::from(&BLACK).stroke_width(3);
                ctx.draw_series(std::iter::once(PathElement::new(
                    vec![(SegmentValue::CenterOf(i), lo), (SegmentValue::CenterOf(i), hi)],
                    s,
                )))?;
            }
        }
        root.present()?;
    }
    Ok(svg)
}

/// A horizontal bar chart (long category names read well) with error bars and vertical
/// reference lines.
pub struct HBarChart {
    /// Title.
    pub title: String,
    /// Value-axis description.
    pub x_desc: String,
    /// Bars, drawn top to bottom in this order.
    pub bars: Vec<Bar>,
    /// Vertical reference lines: (x, label, colour).
    pub references: Vec<(f64, String, RGBColor)>,
    /// Bar colour.
    pub color: RGBColor,
    /// Decimals of the value labels printed beside each bar.
    pub value_decimals: usize,
    /// Size in pixels.
    pub size: (u32, u32),
}

/// Renders a horizontal bar chart to an SVG string.
pub fn render_hbar_chart(chart: &HBarChart) -> Result<String, Box<dyn Error>> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size).into_drawing_area();
        root.fill(&WHITE)?;
        let n = chart.bars.len();
        if n == 0 {
            return Err("bar chart has no bars".into());
        }
        let x_max = chart
            .bars
            .iter()
            .map(|b| b.interval.map_or(b.value, |(_, hi)| hi.max(b.value)))
            .chain(chart.references.iter().map(|r| r.0))
            .fold(0.0f64, f64::max)
            * 1.15;
        let label_width = chart.bars.iter().map(|b| b.label.chars().count()).max().unwrap_or(4);
        let mut ctx = ChartBuilder::on(&root)
            .caption(&chart.title, ("sans-serif", 20))
            .margin(12)
            .margin_right(24)
            .x_label_area_size(40)
            .y_label_area_size((label_width as u32 * 7 + 16).min(chart.size.0 / 2))
            .build_cartesian_2d(0f64..x_max.max(1e-12), (0..n - 1).into_segmented())?;
        let labels: Vec<String> = chart.bars.iter().map(|b| b.label.clone()).collect();
        // Segment i is drawn bottom-up; bar 0 goes on top.
        let row = |i: usize| n - 1 - i;
        ctx.configure_mesh()
            .disable_y_mesh()
            .light_line_style(WHITE)
            .y_labels(n)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(n - 1 - *i).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_formatter(&|x| {
                let d = if x_max >= 20.0 {
                    0
                } else if x_max >= 2.0 {
                    1
                } else {
                    3
                };
                format!("{x:.d$}")
            })
            .x_desc(chart.x_desc.as_str())
            .draw()?;
        for (i, b) in chart.bars.iter().enumerate() {
            let r = row(i);
            let mut rect = Rectangle::new(
                [(0.0, SegmentValue::Exact(r)), (b.value, SegmentValue::Exact(r + 1))],
                chart.color.mix(0.6).filled(),
            );
            rect.set_margin(4, 4, 0, 0);
            ctx.draw_series(std::iter::once(rect))?;
            let end = match b.interval {
                Some((lo, hi)) => {
                    let s = ShapeStyle::from(&BLACK).stroke_width(2);
                    ctx.draw_series(std::iter::once(PathElement::new(
                        vec![(lo, SegmentValue::CenterOf(r)), (hi, SegmentValue::CenterOf(r))],
                        s,
                    )))?;
                    for end in [lo, hi] {
                        let (px, py) = ctx.backend_coord(&(end, SegmentValue::CenterOf(r)));
                        root.draw(&PathElement::new(vec![(px, py - 5), (px, py + 5)], s))?;
                    }
                    hi.max(b.value)
                }
                None => b.value,
            };
            let d = chart.value_decimals;
            ctx.draw_series(std::iter::once(Text::new(
                format!("{:.d$}", b.value),
                (end + x_max * 0.01, SegmentValue::CenterOf(r)),
                ("sans-serif", 12).into_font().color(&BLACK).pos(
                    plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Left,
                        plotters::style::text_anchor::VPos::Center,
                    ),
                ),
            )))?;
        }
        for (x, label, color) in &chart.references {
            let s = ShapeStyle::from(color).stroke_width(2);
            ctx.draw_series(std::iter::once(PathElement::new(
                vec![(*x, SegmentValue::Exact(0)), (*x, SegmentValue::Exact(n))],
                s,
            )))?;
            ctx.draw_series(std::iter::once(Text::new(
                label.clone(),
                (*x + x_max * 0.005, SegmentValue::Exact(n)),
                ("sans-serif", 13).into_font().color(color).pos(
                    plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Left,
                        plotters::style::text_anchor::VPos::Top,
                    ),
                ),
            )))?;
        }
        root.present()?;
    }
    Ok(svg)
}

/// One series of a grouped bar chart (one bar per group).
pub struct BarSeries {
    /// Legend label.
    pub label: String,
    /// Fill colour.
    pub color: RGBColor,
    /// One (value, error-bar bounds) per group.
    pub values: Vec<(f64, Option<(f64, f64)>)>,
}

/// A grouped vertical bar chart with error bars, a horizontal reference line and the legend in
/// its own column on the right (never over the data).
pub struct GroupedBarChart {
    /// Title.
    pub title: String,
    /// y-axis description.
    pub y_desc: String,
    /// Group (x category) labels.
    pub groups: Vec<String>,
    /// Series, one bar per group each.
    pub series: Vec<BarSeries>,
    /// A horizontal reference line: (y, label).
    pub reference: Option<(f64, String)>,
    /// y range; `None` fits the data from 0.
    pub y_range: Option<(f64, f64)>,
    /// Format y ticks as percentages of 1.
    pub y_percent: bool,
    /// Size in pixels.
    pub size: (u32, u32),
}

/// Renders a grouped bar chart to an SVG string.
pub fn render_grouped_bar_chart(chart: &GroupedBarChart) -> Result<String, Box<dyn Error>> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size).into_drawing_area();
        root.fill(&WHITE)?;
        let (g, k) = (chart.groups.len(), chart.series.len());
        if g == 0 || k == 0 {
            return Err("grouped bar chart has no data".into());
        }
        let label_width = chart.series.iter().map(|s| s.label.chars().count()).max().unwrap_or(4);
        let legend_px = (label_width as u32 * 6 + 50).min(chart.size.0 / 2);
        let (plot, legend) = root.split_horizontally(chart.size.0 - legend_px);
        let (y0, y1) = chart.y_range.unwrap_or_else(|| {
            let top = chart
                .series
                .iter()
                .flat_map(|s| s.values.iter())
                .map(|(v, i)| i.map_or(*v, |(_, hi)| hi.max(*v)))
                .chain(chart.reference.iter().map(|r| r.0))
                .fold(0.0f64, f64::max);
            (0.0, top * 1.08)
        });
        // Each group spans k bar slots plus one empty slot; x in slot units.
        let width = (g * (k + 1)) as f64;
        let mut ctx = ChartBuilder::on(&plot)
            .caption(&chart.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(0f64..width, y0..y1.max(y0 + 1e-12))?;
        let groups = chart.groups.clone();
        let pct = chart.y_percent;
        ctx.configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .x_labels(0)
            .y_label_formatter(&|y| {
                if pct { format!("{:.0} %", y * 100.0) } else { format!("{y:.1}") }
            })
            .y_desc(chart.y_desc.as_str())
            .draw()?;
        let centre = |gi: usize| (gi * (k + 1)) as f64 + 0.5 + k as f64 / 2.0;
        // Group labels under the axis, in pixels (plotters picks its own tick positions).
        for (gi, label) in groups.iter().enumerate() {
            let (px, py) = ctx.backend_coord(&(centre(gi), y0));
            plot.draw(&Text::new(
                label.clone(),
                (px, py + 8),
                ("sans-serif", 14).into_font().color(&BLACK).pos(
                    plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Center,
                        plotters::style::text_anchor::VPos::Top,
                    ),
                ),
            ))?;
        }
        for (si, s) in chart.series.iter().enumerate() {
            for (gi, (v, interval)) in s.values.iter().enumerate() {
                let x = (gi * (k + 1)) as f64 + 0.5 + si as f64;
                ctx.draw_series(std::iter::once(Rectangle::new(
                    [(x + 0.08, y0), (x + 0.92, v.clamp(y0, y1))],
                    s.color.filled(),
                )))?;
                if let Some((lo, hi)) = interval {
                    let style = ShapeStyle::from(&BLACK).stroke_width(1);
                    let (lo, hi) = (lo.clamp(y0, y1), hi.clamp(y0, y1));
                    ctx.draw_series(std::iter::once(PathElement::new(
                        vec![(x + 0.5, lo), (x + 0.5, hi)],
                        style,
                    )))?;
                    for end in [lo, hi] {
                        ctx.draw_series(std::iter::once(PathElement::new(
                            vec![(x + 0.3, end), (x + 0.7, end)],
                            style,
                        )))?;
                    }
                }
            }
        }
        if let Some((y, _)) = &chart.reference {
            let style = ShapeStyle::from(&RED).stroke_width(2);
            ctx.draw_series(std::iter::once(PathElement::new(
                vec![(0.0, *y), (width, *y)],
                style,
            )))?;
        }
        // Legend column.
        for (si, s) in chart.series.iter().enumerate() {
            let y = 60 + 22 * si as i32;
            legend.draw(&Rectangle::new([(6, y - 6), (24, y + 6)], s.color.filled()))?;
            legend.draw(&Text::new(
                s.label.clone(),
                (30, y),
                ("sans-serif", 12).into_font().color(&BLACK).pos(
                    plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Left,
                        plotters::style::text_anchor::VPos::Center,
                    ),
                ),
            ))?;
        }
        if let Some((_, label)) = &chart.reference {
            let y = 60 + 22 * k as i32 + 6;
            legend.draw(&PathElement::new(vec![(6, y), (24, y)], RED.stroke_width(2)))?;
            legend.draw(&Text::new(
                label.clone(),
                (30, y),
                ("sans-serif", 12).into_font().color(&RED).pos(
                    plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Left,
                        plotters::style::text_anchor::VPos::Center,
                    ),
                ),
            ))?;
        }
        root.present()?;
    }
    Ok(svg)
}

/// Writes `svg` to `dir/name`, creating `dir`, and prints the path.
pub fn write_svg(dir: &std::path::Path, name: &str, svg: &str) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(name);
    std::fs::write(&path, svg)?;
    println!("wrote {}", path.display());
    Ok(())
}

/// The `--out-dir DIR` argument (default `docs`), removed from `args`.
pub fn take_out_dir(args: &mut Vec<String>) -> Result<std::path::PathBuf, Box<dyn Error>> {
    match args.iter().position(|a| a == "--out-dir") {
        Some(i) => {
            let dir = args.get(i + 1).cloned().ok_or("--out-dir needs a directory")?;
            args.drain(i..=i + 1);
            Ok(dir.into())
        }
        None => Ok("docs".into()),
    }
}
