using Scari.Web.Features.Indicators;

namespace Scari.Tests;

/// <summary>The one disclosure rule, cell by cell.</summary>
public sealed class DisclosureTests
{
    [Theory]
    [InlineData(0, false, "0")]
    [InlineData(1, false, "<5")]
    [InlineData(4, false, "<5")]
    [InlineData(5, false, "5")]
    [InlineData(13, false, "13")]
    [InlineData(3, true, "<5")]
    [InlineData(6, true, "5")]
    [InlineData(8, true, "10")]
    [InlineData(13, true, "15")]
    public void A_cell_is_shown_exact_small_or_rounded_for_students(int people, bool students, string shown) =>
        Assert.Equal(shown, Disclosure.Show(people, students));

    [Fact]
    public void A_lone_small_cell_that_the_total_would_give_away_gets_a_second_cell_reserved()
    {
        // 8 + 7 + 2 = 17: with 8 and 7 shown, the "<5" would be 17 − 15 = 2.
        var shown = Disclosure.Group([8, 7, 2], students: false, 17, 17);
        Assert.Equal(["8", "x", "<5"], shown);
        Assert.Null(Disclosure.Solvable(shown, false, 17, 17));
    }

    [Fact]
    public void Two_small_cells_that_can_only_be_ones_are_protected_too()
    {
        // 1 + 1 + 9 = 11: "<5" and "<5" adding up to 2 can only be 1 and 1.
        var shown = Disclosure.Group([1, 1, 9], students: false, 11, 11);
        Assert.Null(Disclosure.Solvable(shown, false, 11, 11));
        Assert.Equal("x", shown[2]);
    }

    [Fact]
    public void What_readers_know_from_the_previous_publication_counts_as_a_lower_bound()
    {
        // Before, A and B were 8 each; now A = 8, B = 8, C = 1 in a total of 17. Reserving A and B still leaves
        // C ≤ 17 − 8 − 8 = 1 for a reader who knows counts only grow, so C is reserved as well (0 or 1, not "<5").
        var shown = Disclosure.Group([8, 8, 1], students: false, 17, 17, previousLow: [8, 8, 0]);
        Assert.Null(Disclosure.Solvable(shown, false, 17, 17, [8, 8, 0]));
        Assert.Equal(["x", "x", "x"], shown);
        // Without that knowledge, one reserved cell is enough.
        Assert.Equal(["x", "8", "<5"], Disclosure.Group([8, 8, 1], students: false, 17, 17));
    }

    [Fact]
    public void A_group_without_cells_to_reserve_hides_its_small_cells()
    {
        var shown = Disclosure.Group([3], students: false, 3, 3);
        Assert.Equal(["x"], shown);
    }
}
