using System.Globalization;
using Scari.Web.Content;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Indicators;

/// <summary>Names the figures need besides the rows: course titles and the codes and names of dependencias and colegios.</summary>
public sealed record FigureNames(
    IReadOnlyDictionary<string, string> Titles,
    IReadOnlyDictionary<int, (string Code, string Name)> Dependencias,
    IReadOnlyDictionary<int, (string Code, string Name)> Colegios);

/// <summary>
/// Exact figures from qualifying rows, by the breakdown convention of the counting rule (each person once, filed under
/// the attributes of their last completion up to the cut-off; per-course rows count distinct people; months count
/// people by their first completion). <see cref="At"/> reads one cut-off's rows; <see cref="AtMonthEnds"/> gives every
/// month end from one read of the latest rows, in one pass in date order, with the same result as <see cref="At"/>
/// at each of them (a test compares the two over random rows).
/// </summary>
public static class ExactFigureBuilder
{
    private static readonly StringComparer LabelOrder = StringComparer.Create(Bogota.Culture, false);

    public static ExactFigures At(IndicatorDefinition ind, DateOnly cutoff, IReadOnlyList<FrozenRow> rows, FigureNames names)
    {
        var perPerson = rows.GroupBy(r => r.PersonId).Select(g => new
        {
            Last = g.OrderByDescending(r => r.CompletedUtc).ThenByDescending(r => r.CompletionId).First(),
            First = g.Min(r => r.CompletedUtc),
        }).ToList();
        var perCourse = rows.GroupBy(r => r.CourseId).ToDictionary(g => g.Key, g => g.Select(r => r.PersonId).Distinct().Count(), StringComparer.Ordinal);
        var labels = new Labels(names);

        List<(string, string, int)> By(Func<FrozenRow, string> key, Func<string, string> label) =>
            Ordered(perPerson.GroupBy(p => key(p.Last)).Select(g => (g.Key, g.Count())), label);

        var firsts = perPerson.Select(p => DateOnly.FromDateTime(Bogota.ToLocal(p.First))).ToList();
        var months = new List<(string, int)>();
        var end = cutoff < ind.PeriodEnd ? cutoff : ind.PeriodEnd;
        for (var m = new DateOnly(ind.PeriodStart.Year, ind.PeriodStart.Month, 1); m <= end; m = m.AddMonths(1))
        {
            var monthEnd = m.AddMonths(1).AddDays(-1);
            var upTo = monthEnd < end ? monthEnd : end;
            months.Add((m.ToString("yyyy-MM", CultureInfo.InvariantCulture), firsts.Count(f => f <= upTo)));
        }

        return new ExactFigures(perPerson.Count, Courses(ind, perCourse, names.Titles),
            By(labels.DependenciaKey, labels.Dependencia), By(labels.VinculoKey, labels.Vinculo), By(labels.ColegioKey, labels.Colegio), months);
    }

    /// <summary>
    /// The figures at each of <paramref name="monthEnds"/> from the rows of the latest of them: rows are taken in
    /// (instant, completion id) order and each month end is a snapshot of running counts, so the cost is one sort and
    /// one pass however many month ends there are.
    /// </summary>
    public static Dictionary<DateOnly, ExactFigures> AtMonthEnds(IndicatorDefinition ind, IEnumerable<DateOnly> monthEnds, IReadOnlyList<FrozenRow> rows, FigureNames names)
    {
        var ordered = rows.ToArray();
        Array.Sort(ordered, static (a, b) => a.CompletedUtc != b.CompletedUtc ? a.CompletedUtc.CompareTo(b.CompletedUtc) : a.CompletionId.CompareTo(b.CompletionId));
        var labels = new Labels(names);
        var last = new Dictionary<int, FrozenRow>();
        var coursePeople = new HashSet<(string, int)>();
        var perCourse = new Dictionary<string, int>(StringComparer.Ordinal);
        var deps = new Dictionary<string, int>(StringComparer.Ordinal);
        var vins = new Dictionary<string, int>(StringComparer.Ordinal);
        var cols = new Dictionary<string, int>(StringComparer.Ordinal);
        var newPeoplePerMonth = new Dictionary<(int Year, int Month), int>();
        var result = new Dictionary<DateOnly, ExactFigures>();
        var next = 0;

        static void Move(Dictionary<string, int> counts, string? from, string to)
        {
            if (from == to) return;
            if (from is not null && --counts[from] == 0) counts.Remove(from);
            counts[to] = counts.GetValueOrDefault(to) + 1;
        }

        foreach (var monthEnd in monthEnds.Order())
        {
            var end = monthEnd < ind.PeriodEnd ? monthEnd : ind.PeriodEnd;
            var until = Bogota.EndOfDayUtc(end);
            for (; next < ordered.Length && ordered[next].CompletedUtc < until; next++)
            {
                var row = ordered[next];
                if (coursePeople.Add((row.CourseId, row.PersonId))) perCourse[row.CourseId] = perCourse.GetValueOrDefault(row.CourseId) + 1;
                var before = last.GetValueOrDefault(row.PersonId);
                if (before is null)
                {
                    var first = Bogota.ToLocal(row.CompletedUtc);
                    newPeoplePerMonth[(first.Year, first.Month)] = newPeoplePerMonth.GetValueOrDefault((first.Year, first.Month)) + 1;
                }
                last[row.PersonId] = row; // later in (instant, id) order: the person's last completion so far
                Move(deps, before is null ? null : labels.DependenciaKey(before), labels.DependenciaKey(row));
                Move(vins, before is null ? null : labels.VinculoKey(before), labels.VinculoKey(row));
                Move(cols, before is null ? null : labels.ColegioKey(before), labels.ColegioKey(row));
            }

            var months = new List<(string, int)>();
            var cumulative = 0;
            for (var m = new DateOnly(ind.PeriodStart.Year, ind.PeriodStart.Month, 1); m <= end; m = m.AddMonths(1))
            {
                cumulative += newPeoplePerMonth.GetValueOrDefault((m.Year, m.Month));
                months.Add((m.ToString("yyyy-MM", CultureInfo.InvariantCulture), cumulative));
            }
            result[monthEnd] = new ExactFigures(last.Count, Courses(ind, perCourse, names.Titles),
                Ordered(deps.Select(d => (d.Key, d.Value)), labels.Dependencia),
                Ordered(vins.Select(d => (d.Key, d.Value)), labels.Vinculo),
                Ordered(cols.Select(d => (d.Key, d.Value)), labels.Colegio), months);
        }
        return result;
    }

    private static List<(string Id, string Title, int People)> Courses(IndicatorDefinition ind, IReadOnlyDictionary<string, int> perCourse, IReadOnlyDictionary<string, string> titles) =>
        [.. ind.CourseIds.Select(id => (id, titles.GetValueOrDefault(id, id), perCourse.GetValueOrDefault(id)))
            .Concat(perCourse.Keys.Where(k => !ind.CourseIds.Contains(k)).Order(StringComparer.Ordinal).Select(k => (k, titles.GetValueOrDefault(k, k), perCourse[k])))];

    private static List<(string, string, int)> Ordered(IEnumerable<(string Key, int People)> groups, Func<string, string> label) =>
        [.. groups.Select(g => (g.Key, label(g.Key), g.People)).OrderByDescending(x => x.Item3).ThenBy(x => x.Item2, LabelOrder)];

    /// <summary>Keys (codes, "" for none) and labels of the three breakdowns.</summary>
    private sealed class Labels(FigureNames names)
    {
        private readonly Dictionary<string, string> _depNames = names.Dependencias.Values.ToDictionary(d => d.Code, d => d.Name);
        private readonly Dictionary<string, string> _colNames = names.Colegios.Values.ToDictionary(c => c.Code, c => c.Name);

        public string DependenciaKey(FrozenRow r) => r.DependenciaId is { } id && names.Dependencias.TryGetValue(id, out var d) ? d.Code : "";
        public string ColegioKey(FrozenRow r) => r.ColegioId is { } id && names.Colegios.TryGetValue(id, out var c) ? c.Code : "";
        public string VinculoKey(FrozenRow r) => r.Vinculo switch { People.Vinculo.Planta => "planta", People.Vinculo.Contratista => "contratista", _ => "ninguno" };
        public string Dependencia(string key) => key.Length == 0 ? "Sin dependencia" : _depNames.GetValueOrDefault(key, key);
        public string Colegio(string key) => key.Length == 0 ? "Sin colegio" : _colNames.GetValueOrDefault(key, key);
        public string Vinculo(string key) => CutoffPublishing.VinculoLabels[key];
    }
}
