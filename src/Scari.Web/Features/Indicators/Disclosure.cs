using System.Globalization;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// The one disclosure rule for every public figure (pages, API, published cut-offs, open data):
/// <list type="bullet">
/// <item>each indicator's official total is exact;</item>
/// <item>every other public cell counting 1 to 4 people is shown as "&lt;5";</item>
/// <item>where the cells of a group add up to a known total and that total, with the other cells of the group
/// (and, for a cell that only grows, its value in the previous publication), would give a "&lt;5" cell away,
/// a second cell is reserved ("x"), the smallest that is not small, and so on until no "&lt;5" cell can be solved;</item>
/// <item>student cells other than the official total are rounded to a multiple of 5 (1–4 stay "&lt;5");</item>
/// <item>student breakdowns go no finer than colegio (no month, no grade): callers publish no other for students.</item>
/// </list>
/// Published files are hashed and immutable: change this class only with a new <see cref="RuleVersion"/>.
/// </summary>
public static class Disclosure
{
    public const string RuleVersion = "2026-12";
    public const string Small = "<5";
    public const string Reserved = "x";
    /// <summary>Stands for "no upper bound" (more people than any city has).</summary>
    private const long Unbounded = 1_000_000_000L;

    /// <summary>How one count is shown before complementary suppression.</summary>
    public static string Show(int people, bool students) => people switch
    {
        0 => "0",
        < 5 => Small,
        _ when students => (Math.Max(5, (int)Math.Round(people / 5.0, MidpointRounding.AwayFromZero) * 5)).ToString(CultureInfo.InvariantCulture),
        _ => people.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>What a reader can deduce from one shown cell: the range of counts it can stand for.</summary>
    public static (long Low, long High) Range(string shown, bool students)
    {
        if (shown == Small) return (1, 4);
        if (shown == Reserved) return (0, Unbounded);
        var n = long.Parse(shown, CultureInfo.InvariantCulture);
        if (!students || n == 0) return (n, n);
        return (Math.Max(5, n - 2), n + 2);
    }

    /// <summary>
    /// Shows a group of cells whose true total lies in <paramref name="totalLow"/>..<paramref name="totalHigh"/> and is
    /// public (e.g. the people per dependencia add up to the official total). <paramref name="previousLow"/>, when given,
    /// is what a reader already knows as the least each cell can be (from an earlier publication of counts that grow).
    /// </summary>
    public static string[] Group(IReadOnlyList<int> cells, bool students, long totalLow, long totalHigh, IReadOnlyList<long>? previousLow = null)
    {
        var shown = cells.Select(c => Show(c, students)).ToArray();
        while (Solvable(shown, students, totalLow, totalHigh, previousLow) is { })
        {
            // Reserve the smallest cell that is not already hidden, preferring one with people (a reserved zero hides little).
            var next = Enumerable.Range(0, cells.Count)
                .Where(i => shown[i] != Small && shown[i] != Reserved)
                .OrderBy(i => cells[i] == 0 ? 1 : 0).ThenBy(i => cells[i]).ThenBy(i => i)
                .Select(i => (int?)i).FirstOrDefault();
            if (next is { } j) { shown[j] = Reserved; continue; }
            // Nothing left to reserve: the group itself would give the cell away, so every small cell is reserved too.
            for (var i = 0; i < shown.Length; i++) if (shown[i] == Small) shown[i] = Reserved;
            break;
        }
        return shown;
    }

    /// <summary>
    /// The index of a "&lt;5" cell whose exact count follows from the shown cells and the total (a single linear
    /// equation over bounded integers: the projection on each cell is exactly the interval computed here), or null.
    /// </summary>
    public static int? Solvable(IReadOnlyList<string> shown, bool students, long totalLow, long totalHigh, IReadOnlyList<long>? previousLow = null)
    {
        var ranges = shown.Select((s, i) =>
        {
            var (low, high) = Range(s, students);
            if (previousLow is not null && i < previousLow.Count && previousLow[i] > low && previousLow[i] <= high) low = previousLow[i];
            return (Low: low, High: high);
        }).ToArray();
        long sumLow = ranges.Sum(r => r.Low), sumHigh = ranges.Sum(r => r.High);
        for (var i = 0; i < ranges.Length; i++)
        {
            if (shown[i] != Small) continue;
            var low = Math.Max(ranges[i].Low, totalLow - (sumHigh - ranges[i].High));
            var high = Math.Min(ranges[i].High, totalHigh - (sumLow - ranges[i].Low));
            if (low >= high) return i;
        }
        return null;
    }

    /// <summary>The least a shown cell can stand for: what a later publication's reader knows from this one.</summary>
    public static long Least(string shown, bool students) => Range(shown, students).Low;
}
