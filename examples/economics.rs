//! Mining economics tour, printed as Markdown tables: hashprice now, a breakeven table for the
//! built-in ASICs, curtailment over a synthetic (seeded) hourly price year, a 3-year fleet
//! projection with the hashrate interval carried to NPV, the MW behind a hashrate drop, and mine
//! vs lease-to-AI per MW with its switch threshold and sensitivities.
//!
//! Runs offline with no arguments: `cargo run --release --example economics [--out-dir DIR]`.
//! Writes `DIR/economics_breakeven.svg` (breakeven power price per machine against the power
//! price) and `DIR/economics_mine_vs_lease.svg` (NPV per MW of mining and of the lease as a
//! function of the starting hashprice, switch threshold marked); `DIR` defaults to `docs`.
use std::error::Error;

#[path = "support/chart.rs"]
mod chart;

use bitcoin::Amount;
use minerscope::economics::{
    AiLease, BUILTIN_ASICS, BlockReward, DifficultyPath, EfficiencyRange, Fleet, LeasePrice,
    MiningPerMw, OperatingTerms, PowerContract, PricePath, Scenario, blocks_per_day_per_phs,
    breakeven_power_price, compare_mine_vs_lease, curtailment_schedule,
    curtailment_schedule_with_restart_cost, hashrate_drop, hashvalue_from_difficulty,
    hashvalue_from_estimate, implied_power, shutdown_btc_price, shutdown_order, switch_sensitivity,
};
use minerscope::hashrate::{Estimate, Method};
use minerscope::stats::{ConfidenceLevel, Interval, rate};
use minerscope::units::{BtcPrice, Difficulty, Efficiency, EnergyPrice, Hashrate, Usd};
use rand::prelude::*;

// Built-in defaults (SCIENCE.md §8 worked example).
const DIFFICULTY: f64 = 1.26e14;
const HEIGHT: u32 = 925_000;
const FEES_SAT: u64 = 3_000_000;
const BTC_USD: f64 = 100_000.0;
const POWER_USD_PER_MWH: f64 = 45.0;

/// A seeded synthetic hourly price year: daily and seasonal shape, 2 % spikes (×1.5–11.5),
/// 3 % negative hours.
fn price_year(seed: u64) -> Result<Vec<EnergyPrice>, Box<dyn Error>> {
    let mut rng = StdRng::seed_from_u64(seed);
    (0..8760)
        .map(|h| {
            let (day, hour) = ((h / 24) as f64, (h % 24) as f64);
            let mut p = 45.0
                + 15.0 * (std::f64::consts::TAU * (hour - 6.0) / 24.0).sin()
                + 10.0 * (std::f64::consts::TAU * day / 365.0).cos()
                + 8.0 * (rng.random::<f64>() - 0.5);
            let u: f64 = rng.random();
            if u < 0.02 {
                p *= 1.5 + 10.0 * rng.random::<f64>();
            } else if u < 0.05 {
                p = -20.0 * rng.random::<f64>();
            }
            Ok(EnergyPrice::from_usd_per_mwh(p)?)
        })
        .collect()
}

/// A 95 % exact interval for a network at `ehs` EH/s estimated from `n` blocks whose work-time
/// came out exactly at its expectation (an illustrative estimate, not real data).
fn illustrative_estimate(ehs: f64, n: u64, from: u32) -> Result<Estimate, Box<dyn Error>> {
    let h = ehs * 1e18;
    let s = n as f64 / h;
    let ci = rate::exponential_rate(n, s, ConfidenceLevel::P95)?;
    let hs = Hashrate::from_hs;
    Ok(Estimate::new(
        hs((n - 1) as f64 / s)?,
        Interval::new(hs(ci.low())?, hs(ci.high())?, ConfidenceLevel::P95)?,
        Method::Unbiased,
        from,
        from + n as u32,
        n as u32,
        s,
    ))
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let out = chart::take_out_dir(&mut args)?;
    if let Some(a) = args.first() {
        return Err(format!("unexpected argument {a:?} (only --out-dir DIR)").into());
    }
    let price = BtcPrice::from_usd_per_btc(BTC_USD)?;
    let power = EnergyPrice::from_usd_per_mwh(POWER_USD_PER_MWH)?;
    let terms = OperatingTerms::new(0.02, 0.97, 1.05)?;
    let reward = BlockReward::at_height(HEIGHT, Amount::from_sat(FEES_SAT))?;
    let difficulty = Difficulty::new(DIFFICULTY)?;
    let hv = hashvalue_from_difficulty(difficulty, reward)?;
    let hp = hv.at_price(price);

    println!("# minerscope economics\n");
    println!(
        "## Hashprice now (defaults: D = {difficulty}, height {HEIGHT}, fees {FEES_SAT} sat/block, {price})\n"
    );
    println!("| quantity | value |\n|---|---|");
    println!("| blocks/day per PH/s | {:.4e} |", blocks_per_day_per_phs(difficulty));
    println!("| hashvalue | {:.3e} BTC/PH/day ({hv}) |", hv.to_btc_per_ph_day());
    println!("| hashprice | {hp} (${:.4}/TH/day) |", hp.to_usd_per_th_day());
    let est = illustrative_estimate(900.0, 1008, HEIGHT - 1008)?;
    let hpu = hashvalue_from_estimate(&est, reward)?.map_monotone(|v| v.at_price(price));
    println!(
        "| hashprice from an estimate of {:.0} EH/s (1008 blocks) | {} [{}, {}] ({}) |\n",
        est.value().to_ehs(),
        hpu.value(),
        hpu.low(),
        hpu.high(),
        est.level()
    );

    println!("## Breakeven for the built-in ASICs (pool fee 2 %, uptime 97 %, PUE 1.05)\n");
    println!(
        "| model | TH/s | W | J/TH | breakeven $/MWh (ideal) | breakeven $/MWh (terms) | shutdown BTC price at ${POWER_USD_PER_MWH}/MWh |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut breakeven_bars = Vec::new();
    for s in BUILTIN_ASICS {
        let m = s.to_machine()?;
        let e = m.efficiency();
        let shut = shutdown_btc_price(hv, e, power, &terms)?
            .map_or("never".to_owned(), |p| format!("${:.0}", p.to_usd_per_btc()));
        println!(
            "| {} | {} | {} | {:.1} | {:.1} | {:.1} | {} |",
            s.name,
            s.ths,
            s.watts,
            e.to_j_per_th(),
            breakeven_power_price(hp, e, &OperatingTerms::IDEAL).to_usd_per_mwh(),
            breakeven_power_price(hp, e, &terms).to_usd_per_mwh(),
            shut
        );
        breakeven_bars.push(chart::Bar {
            label: format!("{} ({:.1} J/TH)", s.name, e.to_j_per_th()),
            value: breakeven_power_price(hp, e, &terms).to_usd_per_mwh(),
            interval: None,
        });
    }

    let by_name = |n: &str| -> Result<_, Box<dyn Error>> {
        Ok(BUILTIN_ASICS.iter().find(|s| s.name == n).ok_or("missing model")?.to_machine()?)
    };
    let fleet = Fleet::new(vec![
        (by_name("Antminer S21")?.with_price(Usd::from_dollars(3_200.0)?)?, 2_000),
        (by_name("Antminer S19 XP")?.with_price(Usd::from_dollars(1_400.0)?)?, 1_500),
        (by_name("Whatsminer M30S")?.with_price(Usd::from_dollars(300.0)?)?, 1_000),
    ])?;
    println!(
        "\n## Fleet: {} at {:.1} J/TH, {:.2} MW of machines\n",
        fleet.hashrate(),
        fleet.efficiency().to_j_per_th(),
        fleet.power().to_megawatts()
    );
    println!("Shutdown order as hashprice falls (power ${POWER_USD_PER_MWH}/MWh):\n");
    println!("| step | model | units | off below | hashrate left |\n|---|---|---|---|---|");
    for (i, s) in shutdown_order(&fleet, power, &terms)?.iter().enumerate() {
        println!(
            "| {} | {} | {} | {} | {} |",
            i + 1,
            s.name,
            s.count,
            s.shutdown_hashprice,
            s.hashrate_left
        );
    }

    let prices = price_year(2026)?;
    // Demand response: $25/MWh for load shed in summer afternoons (days 150–250, 14:00–19:00).
    let credits: Vec<EnergyPrice> = (0..prices.len())
        .map(|h| {
            let (day, hour) = (h / 24, h % 24);
            let event = (150..250).contains(&day) && (14..19).contains(&hour);
            EnergyPrice::from_usd_per_mwh(if event { 25.0 } else { 0.0 })
        })
        .collect::<Result<_, _>>()?;
    let mean = prices.iter().map(|p| p.to_usd_per_mwh()).sum::<f64>() / prices.len() as f64;
    let negative = prices.iter().filter(|p| p.to_usd_per_mwh() < 0.0).count();
    println!(
        "\n## Curtailment over a synthetic hourly year (seed 2026: mean ${mean:.1}/MWh, {negative} negative hours)\n"
    );
    let cases = [
        ("no demand response", None, 0.0),
        ("$25/MWh demand-response credit, summer afternoons", Some(&credits[..]), 0.0),
        ("no demand response, $30/MW restart cost", None, 30.0),
    ];
    for (label, cr, restart) in cases {
        let plan = curtailment_schedule_with_restart_cost(
            &fleet,
            hp,
            &terms,
            &prices,
            cr,
            PowerContract::Spot,
            Usd::from_dollars(restart)?,
        )?;
        println!("**{label}**\n");
        println!("| model | strike $/MWh | hours on | restarts |\n|---|---|---|---|");
        for l in &plan.lines {
            println!(
                "| {} | {:.1} | {} | {} |",
                l.name,
                l.strike.to_usd_per_mwh(),
                l.hours_on,
                l.restarts
            );
        }
        println!(
            "\n| revenue kept | of always-on | energy used | energy curtailed (sold back) | its spot value | credits | restart cost | profit | always-on profit | value of curtailment |"
        );
        println!("|---|---|---|---|---|---|---|---|---|---|");
        println!(
            "| {:.0} | {:.1} % | {} | {} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} |\n",
            plan.revenue,
            100.0 * plan.revenue.to_dollars() / plan.revenue_always_on.to_dollars(),
            plan.energy_used,
            plan.energy_curtailed,
            plan.resale_value,
            plan.credits,
            plan.restart_cost,
            plan.profit,
            plan.profit_always_on,
            plan.value_of_curtailment()
        );
    }
    let plan = curtailment_schedule(&fleet, hp, &terms, &prices, None, PowerContract::Spot)?;
    let facility_mw = fleet.power().to_megawatts() * terms.pue();
    let curtail_value_per_mw_month = plan.value_of_curtailment().to_dollars() / facility_mw / 12.0;

    println!("## 3-year projection (difficulty +40 %/yr, price flat, halving at 1,050,000)\n");
    let scenario = Scenario::new(
        HEIGHT,
        3 * 365,
        DifficultyPath::growth(difficulty, 0.4)?,
        PricePath::Constant(price),
    )?
    .with_fees_per_block(Amount::from_sat(FEES_SAT))
    .with_power_price(power)?
    .with_terms(terms);
    let p = scenario.project(&fleet)?;
    println!("| quantity | value |\n|---|---|");
    println!(
        "| halving (height 1,050,000) | {} |",
        scenario.halving_day().map_or("beyond the horizon".into(), |d| format!("day {d}"))
    );
    println!("| capex | {:.0} |", p.capex());
    println!("| revenue | {:.0} |", p.total_revenue());
    println!("| energy cost | {:.0} |", p.total_energy_cost());
    println!("| NPV at 10 % | {:.0} |", p.npv(0.10)?);
    println!(
        "| IRR | {} |",
        p.irr_annual().map_or("n/a".into(), |r| format!("{:.1} %", 100.0 * r))
    );
    println!(
        "| payback | {} |",
        p.payback_days().map_or("not within horizon".into(), |d| format!("{d:.0} days"))
    );
    let band = scenario.project_uncertain(&fleet, (&est).into(), 0.4)?;
    let npv = band.npv(0.10)?;
    println!(
        "| NPV at 10 %, hashrate {:.0} EH/s with its 95 % interval | {:.0} [{:.0}, {:.0}] |\n",
        est.value().to_ehs(),
        npv.value(),
        npv.low(),
        npv.high()
    );

    println!("## Megawatts behind a hashrate drop (two 2016-block windows, 97.5 % each)\n");
    let lvl = ConfidenceLevel::new(0.975)?;
    let window = |ehs: f64, from: u32| -> Result<Estimate, Box<dyn Error>> {
        let n = 2016u64;
        let s = n as f64 / (ehs * 1e18);
        let ci = rate::exponential_rate(n, s, lvl)?;
        Ok(Estimate::new(
            Hashrate::from_hs((n - 1) as f64 / s)?,
            Interval::new(Hashrate::from_hs(ci.low())?, Hashrate::from_hs(ci.high())?, lvl)?,
            Method::Unbiased,
            from,
            from + 2016,
            2016,
            s,
        ))
    };
    let drop = hashrate_drop(&window(900.0, 0)?, &window(800.0, 2016)?)?;
    let eff = EfficiencyRange::new(
        Efficiency::from_j_per_th(15.0)?,
        Efficiency::from_j_per_th(20.0)?,
        Efficiency::from_j_per_th(30.0)?,
    )?;
    let mw = implied_power(drop, eff)?;
    println!("| drop | MW offline (15–20–30 J/TH) | level |\n|---|---|---|");
    println!(
        "| {} [{}, {}] | {:.0} [{:.0}, {:.0}] | ≥ {} |\n",
        drop.value(),
        drop.low(),
        drop.high(),
        mw.value().to_megawatts(),
        mw.low().to_megawatts(),
        mw.high().to_megawatts(),
        mw.interval().map_or(0.0, |i| i.level().to_f64())
    );

    println!("## Mine vs lease to AI, per MW (120-month contract, 12-month lead, 12 % discount)\n");
    let mining = MiningPerMw::from_fleet(&fleet, hp, power, terms)?
        .with_hashprice_annual_change(-0.25)?
        .with_curtailment_value(Usd::from_dollars(curtail_value_per_mw_month.max(0.0))?)?;
    let lease = AiLease::new(
        LeasePrice::PerMwMonth(Usd::from_dollars(120_000.0)?),
        Usd::from_dollars(3_000_000.0)?,
        12,
        120,
        0.999,
    )?;
    let c = compare_mine_vs_lease(&mining, &lease, 0.12)?;
    println!("| quantity | value |\n|---|---|");
    println!("| mining revenue per MW-day now | {:.0} |", mining.revenue_per_mw_day());
    println!("| curtailment option value per MW-month | ${curtail_value_per_mw_month:.0} |");
    println!("| NPV mining | {:.0} |", c.mining_npv);
    println!("| NPV lease | {:.0} |", c.lease_npv);
    println!("| winner | {} |", if c.leasing_wins() { "lease" } else { "mine" });
    println!(
        "| switch hashprice (lease wins below) | {} |\n",
        c.switch_hashprice.map_or("mining always wins".into(), |h| h.to_string())
    );
    println!("Sensitivity of the switch hashprice to each input (±20 %):\n");
    println!("| input | −20 % | +20 % |\n|---|---|---|");
    let show =
        |h: Option<minerscope::economics::Hashprice>| h.map_or("never".into(), |h| h.to_string());
    for s in switch_sensitivity(&mining, &lease, 0.12, 0.2)? {
        println!("| {} | {} | {} |", s.input.name(), show(s.down), show(s.up));
    }
    println!();

    let breakeven = chart::HBarChart {
        title: format!(
            "Breakeven power price per machine (hashprice ${:.1}/PH/day, fee 2 %, uptime 97 %, PUE 1.05)",
            hp.to_usd_per_ph_day()
        ),
        x_desc: "breakeven power price ($/MWh)".into(),
        bars: breakeven_bars,
        references: vec![(
            POWER_USD_PER_MWH,
            format!("power ${POWER_USD_PER_MWH}/MWh"),
            plotters::style::RED,
        )],
        color: plotters::style::RGBColor(31, 119, 180),
        value_decimals: 0,
        size: (1000, 520),
    };
    chart::write_svg(&out, "economics_breakeven.svg", &chart::render_hbar_chart(&breakeven)?)?;

    let mut mine = Vec::new();
    let mut leased = Vec::new();
    for i in 0..=100 {
        let x = 2.5 * f64::from(i);
        let Ok(h) = minerscope::economics::Hashprice::from_usd_per_ph_day(x) else { continue };
        let c = compare_mine_vs_lease(&mining.with_hashprice(h), &lease, 0.12)?;
        mine.push((x, c.mining_npv.to_dollars() / 1e6));
        leased.push((x, c.lease_npv.to_dollars() / 1e6));
    }
    let mut markers = vec![chart::Marker {
        x: hp.to_usd_per_ph_day(),
        label: format!(" now ${:.0}", hp.to_usd_per_ph_day()),
        color: plotters::style::BLACK,
    }];
    if let Some(h) = c.switch_hashprice {
        markers.push(chart::Marker {
            x: h.to_usd_per_ph_day(),
            label: format!(" switch ${:.0}: lease wins below", h.to_usd_per_ph_day()),
            color: plotters::style::RED,
        });
    }
    let npv = chart::LineChart {
        title: "Mine vs lease to AI: NPV per MW over 120 months (12 % discount)".into(),
        x_desc: "hashprice today ($/PH/day; mining assumes −25 %/yr after)".into(),
        y_desc: "NPV per MW ($ million)".into(),
        bands: vec![],
        lines: vec![
            chart::Line {
                label: "mine (fleet mix, curtailing)".into(),
                points: mine,
                color: plotters::style::RGBColor(31, 119, 180),
                width: 3,
            },
            chart::Line {
                label: "lease to AI ($120k/MW-month, $3M retrofit)".into(),
                points: leased,
                color: plotters::style::RGBColor(255, 127, 14),
                width: 3,
            },
        ],
        markers,
        size: (1000, 520),
    };
    let options = chart::LineOptions {
        legend: plotters::chart::SeriesLabelPosition::LowerRight,
        ..chart::LineOptions::default()
    };
    chart::write_svg(
        &out,
        "economics_mine_vs_lease.svg",
        &chart::render_line_chart_with(&npv, &options)?,
    )?;
    Ok(())
}
