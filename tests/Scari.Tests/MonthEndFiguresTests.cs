using CsCheck;
using Scari.Web;
using Scari.Web.Content;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.Tests;

/// <summary>
/// Open data and the live month-end pages compute every month end in one pass over the latest rows; each must equal
/// the figures computed from that month end's own rows, which is how publications and the dashboard compute them.
/// </summary>
public sealed class MonthEndFiguresTests
{
    private static readonly FigureNames Names = new(
        new Dictionary<string, string> { ["a"] = "Curso A", ["b"] = "Curso B", ["p"] = "Taller (presencial)" },
        new Dictionary<int, (string, string)> { [1] = ("D1", "Hacienda"), [2] = ("D2", "TIC"), [3] = ("D3", "Ábaco") },
        new Dictionary<int, (string, string)> { [1] = ("C1", "IE Pozón"), [2] = ("C2", "IE Bayunca") });

    [Fact]
    public void Every_month_end_from_one_pass_equals_the_figures_of_its_own_rows()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var start = new DateOnly(2024, 1, 1).AddDays(random.Next(0, 60));
            var end = start.AddDays(random.Next(20, 700));
            var ind = new IndicatorDefinition("ind", "Indicador", random.Next(2) == 0 ? Audience.Staff : Audience.Student, 100,
                start, end, new Dictionary<int, int>(), random.Next(2) == 0 ? ["a", "b", "z"] : ["b"]);
            var from = Bogota.StartOfDayUtc(start);
            var span = (Bogota.EndOfDayUtc(end).AddMonths(2) - from).Ticks;
            var rows = Enumerable.Range(1, random.Next(0, 120)).Select(id => new FrozenRow(
                id, random.Next(1, 25), new[] { "a", "b", "p" }[random.Next(3)],
                // whole seconds, often the same instant for two rows (the completion id breaks the tie)
                from.AddTicks(random.NextInt64(span) / TimeSpan.TicksPerHour * TimeSpan.TicksPerHour),
                random.Next(4) == 0 ? CompletionSource.InPerson : CompletionSource.Online, ind.Audience,
                random.Next(5) == 0 ? null : random.Next(1, 5), random.Next(3) switch { 0 => null, 1 => Vinculo.Planta, _ => Vinculo.Contratista },
                random.Next(5) == 0 ? null : random.Next(1, 3))).ToList();
            var monthEnds = new List<DateOnly>();
            for (var m = new DateOnly(start.Year, start.Month, 1); m <= end.AddMonths(1); m = m.AddMonths(1)) monthEnds.Add(m.AddMonths(1).AddDays(-1));

            var swept = ExactFigureBuilder.AtMonthEnds(ind, monthEnds, rows, Names);
            foreach (var monthEnd in monthEnds)
            {
                var until = Bogota.EndOfDayUtc(monthEnd < end ? monthEnd : end);
                var own = ExactFigureBuilder.At(ind, monthEnd, [.. rows.Where(r => r.CompletedUtc < until)], Names);
                var one = swept[monthEnd];
                Assert.Equal(own.People, one.People);
                Assert.Equal(own.Courses, one.Courses);
                Assert.Equal(own.Dependencias, one.Dependencias);
                Assert.Equal(own.Vinculos, one.Vinculos);
                Assert.Equal(own.Colegios, one.Colegios);
                Assert.Equal(own.Months, one.Months);
            }
        }, iter: 400);
    }

    [Fact]
    public void A_person_is_filed_under_the_attributes_of_their_last_completion_at_each_month_end()
    {
        var ind = new IndicatorDefinition("ind", "Indicador", Audience.Staff, 10, new(2025, 1, 1), new(2025, 12, 31), new Dictionary<int, int>(), ["a", "b"]);
        FrozenRow Row(int id, int day, string course, int dep, Vinculo v) =>
            new(id, 7, course, Bogota.StartOfDayUtc(new DateOnly(2025, 1, 1).AddDays(day)).AddHours(10), CompletionSource.Online, Audience.Staff, dep, v, null);
        var rows = new[] { Row(2, 70, "b", 2, Vinculo.Contratista), Row(1, 10, "a", 1, Vinculo.Planta) }; // read in id order, not date order
        var all = ExactFigureBuilder.AtMonthEnds(ind, [new(2025, 1, 31), new(2025, 2, 28), new(2025, 3, 31)], rows, Names);

        Assert.Equal([("D1", "Hacienda", 1)], all[new(2025, 1, 31)].Dependencias);
        Assert.Equal([("a", "Curso A", 1), ("b", "Curso B", 0)], all[new(2025, 2, 28)].Courses);
        Assert.Equal([("D2", "TIC", 1)], all[new(2025, 3, 31)].Dependencias);
        Assert.Equal([("contratista", "Contratista", 1)], all[new(2025, 3, 31)].Vinculos);
        Assert.Equal([("2025-01", 1), ("2025-02", 1), ("2025-03", 1)], all[new(2025, 3, 31)].Months);
        Assert.Equal(1, all[new(2025, 3, 31)].People);
    }
}
