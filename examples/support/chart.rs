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

/// Renders a line chart to an SVG string.
pub fn render_line_chart(chart: &LineChart) -> Result<String, Box<dyn Error>> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, chart.size).into_drawing_area();
        root.fill(&WHITE)?;
        let ((x0, x1), (y0, y1)) = bounds(chart).ok_or("chart has no finite data")?;
        let mut ctx = ChartBuilder::on(&root)
            .caption(&chart.title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(70)
            .build_cartesian_2d(x0..x1, y0..y1)?;
        ctx.configure_mesh()
            .x_label_formatter(&|x| format!("{x:.0}"))
            .x_desc(chart.x_desc.as_str())
            .y_desc(chart.y_desc.as_str())
            .light_line_style(WHITE.mix(0.0))
            .draw()?;
        for b in &chart.bands {
            let mut poly: Vec<(f64, f64)> =
                b.xs.iter().copied().zip(b.hi.iter().copied()).collect();
            poly.extend(b.xs.iter().copied().zip(b.lo.iter().copied()).rev());
            let color = b.color;
            ctx.draw_series(std::iter::once(Polygon::new(poly, color.mix(0.25).filled())))?
                .label(b.label.as_str())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 18, y + 5)], color.mix(0.25).filled())
                });
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
            ctx.draw_series(std::iter::once(Text::new(
                m.label.clone(),
                (m.x, y1 - (y1 - y0) * 0.04),
                ("sans-serif", 13).into_font().color(&m.color),
            )))?;
        }
        ctx.configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .position(SeriesLabelPosition::LowerLeft)
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
