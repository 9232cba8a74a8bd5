using Scari.Web.Features.Indicators;

namespace Scari.Tests;

/// <summary>The projection at the pace of the last 6 complete months, on crafted monthly series.</summary>
public sealed class PaceTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    /// <summary>Months from January 2025 to the cut-off's month, with the given new people per month (missing = 0).</summary>
    private static List<MonthRow> Series(DateOnly cutoff, params int[] perMonth)
    {
        var rows = new List<MonthRow>();
        var total = 0;
        var i = 0;
        for (var m = D(2025, 1, 1); m <= cutoff; m = m.AddMonths(1), i++)
        {
            var n = i < perMonth.Length ? perMonth[i] : 0;
            total += n;
            rows.Add(new MonthRow(m.Year, m.Month, n, total));
        }
        return rows;
    }

    [Fact]
    public void At_ten_a_month_eighty_missing_people_are_reached_eight_months_after_the_cut_off_month()
    {
        var cutoff = D(2025, 12, 31);
        var months = Series(cutoff, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
        var p = Pace.Project("meta", months, cutoff, 120, 200, D(2026, 12, 31))!;
        Assert.Equal(6, p.WindowMonths);
        Assert.Equal(60, p.WindowPeople);
        Assert.Equal(D(2025, 7, 1), p.WindowStart);
        Assert.Equal(12, p.MonthsLeft);
        Assert.Equal(D(2026, 8, 1), p.ReachedIn);
        Assert.Equal("A este ritmo la meta se alcanza en agosto de 2026.", p.Sentence("del periodo"));
    }

    [Fact]
    public void Only_the_last_six_months_set_the_pace_and_what_the_deadline_leaves_short_is_stated()
    {
        var cutoff = D(2025, 12, 31);
        // A strong start (100 a month) that faded to 5 a month in the last six months.
        var months = Series(cutoff, 100, 100, 100, 100, 100, 100, 5, 5, 5, 5, 5, 5);
        var p = Pace.Project("meta", months, cutoff, 630, 1000, D(2026, 12, 31))!;
        Assert.Equal(5.0, p.PerMonth);
        Assert.Null(p.ReachedIn);
        Assert.Equal(1000 - 630 - 60, p.Shortfall); // 12 more months at 5
        Assert.Equal("Faltarían 310 personas al cierre del periodo (31 de diciembre de 2026).", p.Sentence("del periodo"));
        Assert.Contains("julio de 2025 a diciembre de 2025: 30 personas, 5 por mes", p.Method);
    }

    [Fact]
    public void A_cut_off_inside_a_month_uses_the_complete_months_before_it_and_does_not_project_the_rest_of_it()
    {
        var cutoff = D(2025, 12, 15);
        var months = Series(cutoff, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 50); // December's 50 are counted, not a pace
        var p = Pace.Project("meta", months, cutoff, 86, 146, D(2026, 6, 30))!;
        Assert.Equal(D(2025, 6, 1), p.WindowStart);
        Assert.Equal(D(2025, 11, 1), p.WindowEnd);
        Assert.Equal(36, p.WindowPeople);
        Assert.Equal(6, p.MonthsLeft);                  // January to June 2026
        Assert.Null(p.ReachedIn);                       // 60 missing at 6 a month: 10 months, 6 left
        Assert.Equal(60 - 36, p.Shortfall);
    }

    [Fact]
    public void Reaching_the_target_exactly_in_the_last_month_counts_as_reached()
    {
        var cutoff = D(2025, 6, 30);
        var months = Series(cutoff, 3, 3, 3, 3, 3, 3);
        var p = Pace.Project("meta", months, cutoff, 18, 36, D(2025, 12, 31))!;
        Assert.Equal(D(2025, 12, 1), p.ReachedIn);
        Assert.Equal(0, p.Shortfall);
        var short1 = Pace.Project("meta", months, cutoff, 18, 37, D(2025, 12, 31))!;
        Assert.Null(short1.ReachedIn);
        Assert.Equal(1, short1.Shortfall);
    }

    [Fact]
    public void Fewer_complete_months_than_six_use_what_there_is_and_no_complete_month_gives_no_projection()
    {
        var months = Series(D(2025, 3, 31), 4, 2, 0);
        var p = Pace.Project("meta", months, D(2025, 3, 31), 6, 600, D(2027, 12, 31))!;
        Assert.Equal(3, p.WindowMonths);
        Assert.Equal(2.0, p.PerMonth);
        Assert.Equal(33, p.MonthsLeft);
        Assert.Equal(600 - 6 - 66, p.Shortfall);

        Assert.Null(Pace.Project("meta", Series(D(2025, 1, 20), 4), D(2025, 1, 20), 4, 600, D(2027, 12, 31)));
    }

    [Fact]
    public void No_one_in_the_window_leaves_the_whole_gap_and_a_reached_target_says_so()
    {
        var cutoff = D(2025, 12, 31);
        var months = Series(cutoff, 50);
        var none = Pace.Project("meta", months, cutoff, 50, 80, D(2026, 12, 31))!;
        Assert.Equal(0, none.WindowPeople);
        Assert.Equal(30, none.Shortfall);
        var done = Pace.Project("meta", months, cutoff, 50, 40, D(2026, 12, 31))!;
        Assert.True(done.AlreadyReached);
        Assert.StartsWith("La meta ya se alcanzó", done.Sentence("del periodo"));
    }
}
