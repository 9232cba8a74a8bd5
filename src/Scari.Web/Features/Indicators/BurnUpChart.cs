using System.Globalization;
using System.Net;
using System.Text;

namespace Scari.Web.Features.Indicators;

/// <summary>The monthly burn-up as server-rendered SVG: cumulative distinct people against the cumulative yearly target.</summary>
public static class BurnUpChart
{
    /// <summary>One month of the chart: its label, the cumulative distinct people and the cumulative target planned by its end.</summary>
    public sealed record Point(string Label, int People, int Target);

    /// <summary>The months of the chart (the dashboard's SVG and the PDF report draw the same points).</summary>
    public static IReadOnlyList<Point> Points(IndicatorResult r) => r.Months.Select(m => new Point(m.Label, m.Cumulative,
        r.Years.Where(y => y.Year < m.Year).Sum(y => y.Target) + (int)Math.Round(r.Indicator.YearlyTargets.GetValueOrDefault(m.Year) * m.Month / 12.0))).ToList();

    /// <summary>The top of the vertical scale: the target, or the count when it passed the target.</summary>
    public static int Scale(IndicatorResult r) => Math.Max(1, Math.Max(r.Indicator.Target, r.Months.Count == 0 ? 0 : r.Months.Max(m => m.Cumulative)));

    /// <summary>
    /// The months that get an x-axis label and how each is anchored: about eight, always the first (anchored at its
    /// start) and the last (anchored at its end, so «dic. 2026» is never cut at the right edge), and none that would
    /// touch its neighbour, given the distance between two months and the width of the widest label, in the drawing's units
    /// (with very few months, the first gives way to the last).
    /// </summary>
    public static IReadOnlyList<(int Index, string Anchor)> LabelledMonths(int count, double step, double labelWidth)
    {
        if (count == 0) return [];
        if (count == 1) return [(0, "start")];
        const double gap = 8;
        string Anchor(int i) => i == 0 ? "start" : i == count - 1 ? "end" : "middle";
        (double Left, double Right) Span(int i) => Anchor(i) switch
        {
            "start" => (i * step, i * step + labelWidth),
            "end" => (i * step - labelWidth, i * step),
            _ => (i * step - labelWidth / 2, i * step + labelWidth / 2),
        };
        var every = Math.Max(1, (int)Math.Ceiling(count / 8.0));
        var kept = new List<int> { 0 };
        var lastSpan = Span(count - 1);
        for (var i = every; i < count - 1; i += every)
            if (Span(i).Left >= Span(kept[^1]).Right + gap && Span(i).Right + gap <= lastSpan.Left) kept.Add(i);
        // The last month (the cut-off's) always has its label; with very few months it may leave no room for the first.
        if (kept.Count == 1 && Span(0).Right + gap > lastSpan.Left) kept.Clear();
        kept.Add(count - 1);
        return kept.Select(i => (i, Anchor(i))).ToList();
    }

    public static string Svg(IndicatorResult r, string id)
    {
        const int width = 640, height = 260, left = 48, right = 12, top = 16, bottom = 40;
        var months = r.Months;
        var targetByMonthEnd = Points(r).Select(p => p.Target).ToList();
        var max = Scale(r);
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        var step = months.Count > 1 ? (double)plotW / (months.Count - 1) : 0;
        string X(int i) => (left + i * step).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(int v) => (top + plotH - (double)v / max * plotH).ToString("0.#", CultureInfo.InvariantCulture);
        string N(int v) => v.ToString("N0", Bogota.Culture);

        var title = $"Avance acumulado de {r.Indicator.Name}";
        var last = months.Count > 0 ? months[^1] : null;
        var desc = last is null
            ? "La fecha de corte es anterior al periodo del indicador: no hay meses que mostrar."
            : $"Personas formadas acumuladas por mes hasta {last.Label}: {N(last.Cumulative)} de una meta de {N(r.Indicator.Target)}. La línea punteada es la meta acumulada prevista por año. Los datos están en la tabla siguiente.";
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"burnup\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{WebUtility.HtmlEncode(title)}</title><desc id=\"{id}-d\">{WebUtility.HtmlEncode(desc)}</desc>");
        // Grid: 0, half and full scale.
        foreach (var v in new[] { 0, max / 2, max })
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{Y(v)}\" y2=\"{Y(v)}\" stroke=\"#d5dde5\" stroke-width=\"1\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{Y(v)}\" dy=\"4\" text-anchor=\"end\" font-size=\"11\" fill=\"#4a5563\">{N(v)}</text>");
        }
        if (months.Count > 0)
        {
            // About 6.4 units per character at font-size 11: «sept. 2025» is the widest label.
            foreach (var (i, anchor) in LabelledMonths(months.Count, step, 6.4 * months.Max(m => m.Label.Length)))
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"month\" x=\"{X(i)}\" y=\"{height - bottom + 18}\" text-anchor=\"{anchor}\" font-size=\"11\" fill=\"#4a5563\">{WebUtility.HtmlEncode(months[i].Label)}</text>");
            sb.Append("<polyline fill=\"none\" stroke=\"#c2410c\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"")
              .AppendJoin(' ', targetByMonthEnd.Select((t, i) => $"{X(i)},{Y(t)}")).Append("\"/>");
            sb.Append("<polyline fill=\"none\" stroke=\"#0b5c8a\" stroke-width=\"3\" points=\"")
              .AppendJoin(' ', months.Select((m, i) => $"{X(i)},{Y(m.Cumulative)}")).Append("\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(months.Count - 1)}\" cy=\"{Y(last!.Cumulative)}\" r=\"4\" fill=\"#0b5c8a\"/>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<g font-size=\"11\" fill=\"#1b2430\"><line x1=\"{left}\" x2=\"{left + 24}\" y1=\"{height - 8}\" y2=\"{height - 8}\" stroke=\"#0b5c8a\" stroke-width=\"3\"/><text x=\"{left + 30}\" y=\"{height - 4}\">Personas formadas (acumulado)</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left + 240}\" x2=\"{left + 264}\" y1=\"{height - 8}\" y2=\"{height - 8}\" stroke=\"#c2410c\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"{left + 270}\" y=\"{height - 4}\">Meta acumulada prevista</text></g>");
        return sb.Append("</svg>").ToString();
    }
}
