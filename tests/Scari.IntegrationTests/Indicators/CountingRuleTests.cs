using Scari.Testing;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using static Scari.IntegrationTests.Indicators.IndicatorWorldExtensions;

namespace Scari.IntegrationTests.Indicators;

/// <summary>The counting rule, table-driven, with exact numbers; run on PostgreSQL and on SQLite.</summary>
public abstract class CountingRuleTests(IIndicatorWorld world)
{
    [Theory]
    [MemberData(nameof(IndicatorScenario.Cases), MemberType = typeof(IndicatorScenario))]
    public async Task The_count_for_a_cut_off_date_is_the_exact_number_of_distinct_people(string indicator, string cutoff, int expected)
    {
        var (count, computed, listed) = await world.CounterAsync(async (counter, defs) =>
        {
            var def = defs.Find(indicator)!;
            return (await counter.CountAsync(def, Date(cutoff), IndicatorScope.All, default),
                (await counter.ComputeAsync(def, Date(cutoff), IndicatorScope.All, default)).People,
                (await counter.PeopleAsync(def, Date(cutoff), IndicatorScope.All, PeopleFilter.None, 1, default)).Total);
        });
        Assert.Equal(expected, count);
        Assert.Equal(expected, computed);
        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task Every_breakdown_at_the_end_of_2025_has_exact_numbers()
    {
        var r = await world.CounterAsync((counter, defs) =>
            counter.ComputeAsync(defs.Find(IndicatorScenario.Staff)!, Date("2025-12-31"), IndicatorScope.All, default));

        Assert.Equal(6, r.People);
        var courses = r.Courses.ToDictionary(c => c.CourseId, c => (c.Completions, c.People));
        Assert.Equal((6, 5), courses["seguridad-digital"]);      // Ana twice, Carla, Dario, Iris, Juan
        Assert.Equal((2, 2), courses["transformacion-digital"]); // Ana, Hugo
        Assert.Equal((0, 0), courses["computacion-nube-aws"]);
        Assert.Equal((1, 1), courses["actividad-taller-de-ciberseguridad"]); // Dario in person
        Assert.DoesNotContain("actividad-charla-de-bienestar", courses.Keys);
        Assert.Equal(8, r.CourseRowsSum); // rows do not add up to the 6 people

        Assert.Equal(6, r.Sources.Single(s => s.Source == CompletionSource.Online).People);
        Assert.Equal(1, r.Sources.Single(s => s.Source == CompletionSource.InPerson).People);
        Assert.Equal(1, r.BothSources);

        var deps = r.Dependencias.ToDictionary(d => d.Key, d => d.People);
        Assert.Equal(3, deps[world.World.Dependencia1.ToString(System.Globalization.CultureInfo.InvariantCulture)]); // Ana, Hugo, Iris
        Assert.Equal(3, deps[world.World.Dependencia2.ToString(System.Globalization.CultureInfo.InvariantCulture)]); // Carla, Dario, Juan
        var vinculos = r.Vinculos.ToDictionary(v => v.Key, v => v.People);
        Assert.Equal(3, vinculos["Planta"]);
        Assert.Equal(2, vinculos["Contratista"]);
        Assert.Equal(1, vinculos["ninguno"]); // Hugo, anonymized without vínculo

        var months = r.Months.Where(m => m.Year == 2025).ToDictionary(m => m.Month, m => (m.New, m.Cumulative));
        Assert.Equal((0, 0), months[1]);
        Assert.Equal((1, 1), months[2]);
        Assert.Equal((2, 3), months[3]); // Iris at 23:30 on March 31st belongs to March in Bogotá
        Assert.Equal((1, 4), months[4]);
        Assert.Equal((1, 5), months[5]);
        Assert.Equal((0, 5), months[6]);
        Assert.Equal((1, 6), months[7]);
        Assert.Equal((0, 6), months[12]);
        Assert.Equal(24, r.Months.Count); // January 2024 to December 2025
        Assert.Equal(6, r.Years.Single(y => y.Year == 2025).New);
        Assert.Equal(0, r.Years.Single(y => y.Year == 2024).New);
    }

    [Fact]
    public async Task The_drill_down_lists_the_people_behind_each_number()
    {
        var names = await world.CounterAsync(async (counter, defs) =>
        {
            var def = defs.Find(IndicatorScenario.Staff)!;
            async Task<string[]> List(PeopleFilter f) =>
                [.. (await counter.PeopleAsync(def, Date("2025-12-31"), IndicatorScope.All, f, 1, default)).Rows.Select(p => p.GivenNames ?? "(anónima)")];
            return new
            {
                All = await List(PeopleFilter.None),
                Transformacion = await List(new PeopleFilter(CourseId: "transformacion-digital")),
                InPerson = await List(new PeopleFilter(Source: CompletionSource.InPerson)),
                March = await List(new PeopleFilter(Month: new DateOnly(2025, 3, 1))),
                Dep2 = await List(new PeopleFilter(DependenciaId: world.World.Dependencia2)),
                NoVinculo = await List(new PeopleFilter(NoVinculo: true)),
            };
        });
        // Ordered by family names; the anonymized person has none and comes first.
        Assert.Equal(["(anónima)", "Ana", "Carla", "Dario", "Iris", "Juan"], names.All);
        Assert.Equal(["(anónima)", "Ana"], names.Transformacion);
        Assert.Equal(["Dario"], names.InPerson);
        Assert.Equal(["Ana", "Iris"], names.March);
        Assert.Equal(["Carla", "Dario", "Juan"], names.Dep2);
        Assert.Equal(["(anónima)"], names.NoVinculo);
    }

    [Fact]
    public async Task The_drill_down_comes_in_pages_that_cover_everyone_and_an_export_gets_every_row_at_once()
    {
        var pages = await world.CounterAsync(async (counter, defs) =>
        {
            var def = defs.Find(IndicatorScenario.Staff)!;
            Task<Scari.Web.Features.Shared.Paged<PersonRow>> Page(int page, int size) =>
                counter.PeopleAsync(def, Date("2025-12-31"), IndicatorScope.All, PeopleFilter.None, page, default, size);
            return new[] { await Page(1, 4), await Page(2, 4), await Page(9, 4), await Page(1, int.MaxValue) };
        });
        var (first, second, pastTheEnd, export) = (pages[0], pages[1], pages[2], pages[3]);

        Assert.Equal((4, 6, 2), (first.Rows.Count, first.Total, first.Pages));
        Assert.Equal((2, 2), (second.Rows.Count, second.Page));
        Assert.Equal(6, first.Rows.Concat(second.Rows).Select(p => p.Id).Distinct().Count());
        Assert.Equal(second.Rows.Select(p => p.Id), pastTheEnd.Rows.Select(p => p.Id)); // the last page, not an empty one
        Assert.Equal(2, pastTheEnd.Page);
        Assert.Equal((6, 1, 1), (export.Rows.Count, export.Page, export.Pages));
    }

    [Fact]
    public async Task A_coordinator_scope_counts_and_lists_only_their_dependencia_or_colegio()
    {
        var (count, people, students) = await world.CounterAsync(async (counter, defs) =>
        {
            var scope = new IndicatorScope(false, null, world.World.Dependencia1);
            var staff = defs.Find(IndicatorScenario.Staff)!;
            return ((await counter.ComputeAsync(staff, Date("2025-12-31"), scope, default)).People,
                (await counter.PeopleAsync(staff, Date("2025-12-31"), scope, PeopleFilter.None, 1, default)).Rows.Select(p => p.Id).ToList(),
                await counter.CountAsync(defs.Find(IndicatorScenario.Students)!, Date("2025-12-31"), new IndicatorScope(false, world.World.Colegio1, null), default));
        });
        Assert.Equal(3, count);
        Assert.Equal(new[] { "Hugo", "Ana", "Iris" }.Select(n => world.World.People[n]).Order(), people.Order());
        Assert.Equal(1, students); // Gina only; Mateo is in another colegio
    }
}

public sealed class PostgresCountingRuleTests(PostgresIndicatorWorld world) : CountingRuleTests(world), IClassFixture<PostgresIndicatorWorld>;

public sealed class SqliteCountingRuleTests(SqliteIndicatorWorld world) : CountingRuleTests(world), IClassFixture<SqliteIndicatorWorld>;
