using System.Globalization;
using System.Net;
using System.Text;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// Where the pace of the last months leads: people counted for the first time per month in the last
/// <see cref="Pace.WindowMonths"/> complete months up to the cut-off, averaged, and projected unchanged over every
/// whole month left until the deadline (the rest of the cut-off's own month is not projected).
/// </summary>
public sealed record Projection(
    string Goal, int Target, DateOnly Deadline, int Current, int WindowMonths, int WindowPeople, DateOnly WindowStart, DateOnly WindowEnd,
    int MonthsLeft, DateOnly? ReachedIn, int Shortfall)
{
    public bool AlreadyReached => Current >= Target;
    public double PerMonth => WindowMonths == 0 ? 0 : (double)WindowPeople / WindowMonths;

    /// <summary>The one-line answer: reached already, reached in a month, or short by N people at the deadline.</summary>
    public string Sentence(string deadlineName) =>
        AlreadyReached ? $"La meta ya se alcanzó: {N(Current)} de {N(Target)} personas."
        : ReachedIn is { } m ? $"A este ritmo la meta se alcanza en {Month(m)}."
        : $"Faltarían {N(Shortfall)} personas al cierre {deadlineName} ({Bogota.FormatDate(Deadline)}).";

    public string Method =>
        $"Método: promedio de personas nuevas por mes en los {WindowMonths} {(WindowMonths == 1 ? "mes completo" : "meses completos")} hasta el corte "
        + $"({Month(WindowStart)} a {Month(WindowEnd)}: {N(WindowPeople)} {(WindowPeople == 1 ? "persona" : "personas")}, {PerMonth.ToString("0.#", Bogota.Culture)} por mes), "
        + $"proyectado igual en cada uno de los {N(MonthsLeft)} meses completos que faltan hasta el {Bogota.FormatDate(Deadline)}.";

    private static string N(int v) => v.ToString("N0", Bogota.Culture);
    public static string Month(DateOnly d) => d.ToString("MMMM 'de' yyyy", Bogota.Culture);
}

public static class Pace
{
    public const int WindowMonths = 6;

    /// <summary>
    /// Projects <paramref name="current"/> people toward <paramref name="target"/> by <paramref name="deadline"/> at the pace
    /// of the last complete months of <paramref name="months"/> (one row per month of the period up to the cut-off, with
    /// the people counted for the first time in it). Null when no month up to the cut-off is complete yet.
    /// </summary>
    public static Projection? Project(string goal, IReadOnlyList<MonthRow> months, DateOnly cutoff, int current, int target, DateOnly deadline)
    {
        var complete = months.Where(m => m.Start.AddMonths(1).AddDays(-1) <= cutoff).ToList();
        if (complete.Count == 0) return null;
        var window = complete.TakeLast(WindowMonths).ToList();
        var people = window.Sum(m => m.New);
        var n = window.Count;
        var left = Math.Max(0, deadline.Year * 12 + deadline.Month - (cutoff.Year * 12 + cutoff.Month));
        DateOnly? reached = null;
        var shortfall = 0;
        var missing = target - current;
        if (missing > 0)
        {
            // Integer arithmetic: k whole months at people/n per month cover what is missing when k·people ≥ missing·n.
            if (people > 0)
            {
                var k = ((long)missing * n + people - 1) / people;
                if (k <= left) reached = new DateOnly(cutoff.Year, cutoff.Month, 1).AddMonths((int)k);
            }
            if (reached is null) shortfall = (int)(missing - (long)people * left / n);
        }
        return new Projection(goal, target, deadline, current, n, people, window[0].Start, window[^1].Start, left, reached, shortfall);
    }

    /// <summary>The projections of a dashboard result: the cut-off year's cumulative target at its end, and the period's target.</summary>
    public static IReadOnlyList<(Projection Projection, string DeadlineName)> For(IndicatorResult r)
    {
        var ind = r.Indicator;
        var list = new List<(Projection, string)>();
        var end = r.Cutoff < ind.PeriodEnd ? r.Cutoff : ind.PeriodEnd;
        if (r.Cutoff < ind.PeriodStart) return list;
        if (r.Years.FirstOrDefault(y => y.Year == end.Year) is { CumulativeTarget: > 0 } year && r.Cutoff < ind.PeriodEnd)
        {
            var yearEnd = new DateOnly(year.Year, 12, 31);
            if (yearEnd > ind.PeriodEnd) yearEnd = ind.PeriodEnd;
            if (Project($"Meta acumulada a {year.Year}", r.Months, r.Cutoff, r.People, year.CumulativeTarget, yearEnd) is { } p)
                list.Add((p, $"de {year.Year}"));
        }
        if (Project("Meta del periodo", r.Months, r.Cutoff, r.People, ind.Target, ind.PeriodEnd) is { } q)
            list.Add((q, "del periodo"));
        return list;
    }
}

/// <summary>People counted for the first time in each month, as server-rendered SVG bars, with the 6-month pace as a dashed line.</summary>
public static class MonthlyChart
{
    public static string Svg(IndicatorResult r, Projection? pace, string id)
    {
        const int width = 640, height = 240, left = 48, right = 12, top = 16, bottom = 40;
        var months = r.Months;
        var max = Math.Max(1, months.Count == 0 ? 0 : months.Max(m => m.New));
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var slot = months.Count == 0 ? plotW : (double)plotW / months.Count;
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        double Y(double v) => top + plotH - v / max * plotH;
        string N(int v) => v.ToString("N0", Bogota.Culture);
        var title = $"Personas nuevas por mes de {r.Indicator.Name}";
        var busiest = months.Count == 0 ? null : months.OrderByDescending(m => m.New).First();
        var desc = months.Count == 0
            ? "La fecha de corte es anterior al periodo del indicador: no hay meses que mostrar."
            : $"Una barra por mes con las personas que cuentan por primera vez ese mes, de {Projection.Month(months[0].Start)} a {Projection.Month(months[^1].Start)}; el mes con más fue {Projection.Month(busiest!.Start)} con {N(busiest.New)}."
              + (pace is null ? "" : $" La línea punteada es el ritmo de los últimos meses completos: {pace.PerMonth.ToString("0.#", Bogota.Culture)} por mes.")
              + " Los datos están en la tabla «Personas por mes».";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"monthly-chart\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{WebUtility.HtmlEncode(title)}</title><desc id=\"{id}-d\">{WebUtility.HtmlEncode(desc)}</desc>");
        foreach (var v in new[] { 0, max / 2, max }.Distinct())
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{F(Y(v))}\" y2=\"{F(Y(v))}\" stroke=\"#d5dde5\" stroke-width=\"1\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{F(Y(v))}\" dy=\"4\" text-anchor=\"end\" font-size=\"11\" fill=\"#4a5563\">{N(v)}</text>");
        }
        var labelEvery = Math.Max(1, (int)Math.Ceiling(months.Count / 8.0));
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            var x = left + i * slot + slot * 0.15;
            if (m.New > 0)
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(Y(m.New))}\" width=\"{F(slot * 0.7)}\" height=\"{F(top + plotH - Y(m.New))}\" fill=\"#0b5c8a\"/>");
            if (i % labelEvery == 0)
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + i * slot + slot / 2)}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5563\">{WebUtility.HtmlEncode(m.Label)}</text>");
        }
        if (pace is { PerMonth: > 0 })
        {
            var y = F(Y(Math.Min(max, pace.PerMonth)));
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#c2410c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<g font-size=\"11\" fill=\"#1b2430\"><rect x=\"{left}\" y=\"{height - 14}\" width=\"14\" height=\"10\" fill=\"#0b5c8a\"/><text x=\"{left + 20}\" y=\"{height - 5}\">Personas nuevas en el mes</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left + 220}\" x2=\"{left + 244}\" y1=\"{height - 9}\" y2=\"{height - 9}\" stroke=\"#c2410c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{left + 250}\" y=\"{height - 5}\">Ritmo de los últimos meses completos</text></g>");
        return sb.Append("</svg>").ToString();
    }
}
