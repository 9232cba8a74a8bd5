using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Data;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using static Scari.IntegrationTests.Indicators.IndicatorWorldExtensions;

namespace Scari.IntegrationTests.Indicators;

/// <summary>
/// Counting by the attributes valid on the completion date: a person moved after completing stays where they were in
/// the earlier figures, and a later completion lands in the new dependencia. On PostgreSQL and on SQLite.
/// </summary>
public abstract class AttributeHistoryTests(IAppFixture fixture)
{
    private const string Staff = IndicatorScenario.Staff;
    private const string Students = IndicatorScenario.Students;
    private static DateTime Bog(int y, int m, int d) => Bogota.StartOfDayUtc(new DateOnly(y, m, d)).AddHours(10);

    private Task<T> Counter<T>(Func<IndicatorCounter, IndicatorDefinitions, Task<T>> work) =>
        fixture.App.WithScopeAsync(sp => work(sp.GetRequiredService<IndicatorCounter>(), sp.GetRequiredService<IndicatorDefinitions>()));

    private async Task<Dictionary<string, int>> DependenciasAsync(DateOnly cutoff) =>
        (await Counter((c, d) => c.ComputeAsync(d.Find(Staff)!, cutoff, IndicatorScope.All, default))).Dependencias.ToDictionary(r => r.Key, r => r.People);

    [Fact]
    public async Task Moving_a_person_after_completing_leaves_the_earlier_breakdown_and_files_a_later_completion_under_the_new_dependencia()
    {
        var (hacienda, tic, personId) = await fixture.App.WithDbAsync(async db =>
        {
            var h = new Dependencia { Code = "H-HAC", Name = "Secretaría de Hacienda (historia)" };
            var t = new Dependencia { Code = "H-TIC", Name = "Secretaría TIC (historia)" };
            var p = new Person
            {
                DocumentType = DocumentType.CC, DocumentNumber = "5550001", GivenNames = "Rosa", FamilyNames = "Historia",
                Audience = Audience.Staff, Dependencia = h, Vinculo = Vinculo.Planta, Cargo = "Profesional", CreatedUtc = Bog(2024, 1, 2),
            };
            db.AddRange(h, t, p);
            await db.SaveChangesAsync();
            db.Completions.Add(new Completion { PersonId = p.Id, CourseId = "seguridad-digital", Source = CompletionSource.Online, CompletedUtc = Bog(2025, 3, 10), Hours = 8 });
            await db.SaveChangesAsync();
            return (h.Id.ToString(CultureInfo.InvariantCulture), t.Id, p.Id);
        });
        var before2025 = await DependenciasAsync(Date("2025-12-31"));
        Assert.Equal(1, before2025[hacienda]);

        // The administrator moves her to TIC and makes her contratista through the person form's service.
        var saved = await fixture.App.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ScariDbContext>();
            var person = await db.People.AsNoTracking().SingleAsync(p => p.Id == personId);
            var input = PersonInput.From(person);
            input.DependenciaId = tic;
            input.Vinculo = Vinculo.Contratista;
            return await sp.GetRequiredService<PersonEditor>().UpdateAsync(new PeopleScope(true, null, null, null), personId, input, null, default);
        });
        Assert.Empty(saved.Errors);
        Assert.True(saved.Succeeded);

        var spans = await fixture.App.WithDbAsync(db => db.PersonAttributes.Where(a => a.PersonId == personId)
            .OrderBy(a => a.Id).Select(a => new { a.DependenciaId, a.Vinculo, a.ValidFromUtc, a.ValidUntilUtc }).ToListAsync());
        Assert.Equal(2, spans.Count);
        Assert.Null(spans[0].ValidFromUtc);
        Assert.Equal(spans[1].ValidFromUtc, spans[0].ValidUntilUtc);
        Assert.Equal((tic, Vinculo.Contratista), (spans[1].DependenciaId!.Value, spans[1].Vinculo!.Value));
        Assert.Null(spans[1].ValidUntilUtc);

        // The 2025 figures still file her under Hacienda as planta, today's reading of the same date too.
        var after = await Counter((c, d) => c.ComputeAsync(d.Find(Staff)!, Date("2025-12-31"), IndicatorScope.All, default));
        Assert.Equal(before2025, after.Dependencias.ToDictionary(r => r.Key, r => r.People));
        Assert.DoesNotContain(after.Dependencias, r => r.Key == tic.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(before2025.Values.Sum(), after.Vinculos.Single(v => v.Key == "Planta").People);
        var listed = await Counter((c, d) => c.PeopleAsync(d.Find(Staff)!, Date("2025-12-31"), IndicatorScope.All,
            new PeopleFilter(DependenciaId: int.Parse(hacienda, CultureInfo.InvariantCulture)), 1, default));
        Assert.Equal([personId], listed.Rows.Select(r => r.Id));

        // A completion after the move lands in TIC: at a later cut-off she is one person, in TIC, contratista.
        var later = DateTime.UtcNow.AddHours(1);
        await fixture.App.WithDbAsync(async db =>
        {
            db.Completions.Add(new Completion { PersonId = personId, CourseId = "transformacion-digital", Source = CompletionSource.Online, CompletedUtc = later, Hours = 8 });
            return await db.SaveChangesAsync();
        });
        var cutoff = DateOnly.FromDateTime(later.AddHours(Bogota.UtcOffsetHours));
        var now = await Counter((c, d) => c.ComputeAsync(d.Find(Staff)!, cutoff, IndicatorScope.All, default));
        var deps = now.Dependencias.ToDictionary(r => r.Key, r => r.People);
        Assert.Equal(1, deps[tic.ToString(CultureInfo.InvariantCulture)]);
        Assert.False(deps.ContainsKey(hacienda));
        var planta = await Counter((c, d) => c.PeopleAsync(d.Find(Staff)!, cutoff, IndicatorScope.All, new PeopleFilter(Vinculo: Vinculo.Planta), 1, default));
        var contratistas = await Counter((c, d) => c.PeopleAsync(d.Find(Staff)!, cutoff, IndicatorScope.All, new PeopleFilter(Vinculo: Vinculo.Contratista), 1, default));
        Assert.DoesNotContain(personId, planta.Rows.Select(r => r.Id));
        Assert.Contains(personId, contratistas.Rows.Select(r => r.Id));
        // And the 2025 figure is still where it was.
        Assert.Equal(before2025, await DependenciasAsync(Date("2025-12-31")));
    }

    [Fact]
    public async Task The_audience_check_uses_the_audience_on_the_completion_date()
    {
        // A student of a district school who, in 2026, becomes a public servant (dated by an import).
        var personId = await fixture.App.WithDbAsync(async db =>
        {
            var school = new Colegio { Code = "H-COL", Name = "Colegio (historia)", Localidad = "Uno" };
            var dep = new Dependencia { Code = "H-DEP", Name = "Dependencia (historia)" };
            var p = new Person
            {
                DocumentType = DocumentType.TI, DocumentNumber = "5550002", GivenNames = "Tomás", FamilyNames = "Historia",
                Audience = Audience.Student, Colegio = school, CreatedUtc = Bog(2024, 1, 2),
            };
            db.AddRange(school, dep, p);
            await db.SaveChangesAsync();
            db.Completions.Add(new Completion { PersonId = p.Id, CourseId = "pensamiento-computacional", Source = CompletionSource.Online, CompletedUtc = Bog(2025, 5, 5), Hours = 8 });
            await db.SaveChangesAsync();
            p.Audience = Audience.Staff;
            p.ColegioId = null;
            p.Colegio = null;
            p.Dependencia = dep;
            p.Vinculo = Vinculo.Contratista;
            p.AttributesChangedUtc = Bog(2026, 2, 1);
            await db.SaveChangesAsync();
            // As a servant he takes a course that the staff indicator counts, and one before the change that does not.
            db.Completions.Add(new Completion { PersonId = p.Id, CourseId = "seguridad-digital", Source = CompletionSource.Online, CompletedUtc = Bog(2026, 3, 3), Hours = 8 });
            db.Completions.Add(new Completion { PersonId = p.Id, CourseId = "seguridad-digital", Source = CompletionSource.Online, CompletedUtc = Bog(2025, 6, 6), Hours = 8 });
            await db.SaveChangesAsync();
            return p.Id;
        });

        async Task<List<int>> People(string indicator, string cutoff) =>
            [.. (await Counter((c, d) => c.PeopleAsync(d.Find(indicator)!, Date(cutoff), IndicatorScope.All, PeopleFilter.None, 1, default))).Rows.Select(r => r.Id)];

        Assert.Contains(personId, await People(Students, "2025-12-31"));
        Assert.Contains(personId, await People(Students, "2026-12-31")); // his student completion still counts for students
        Assert.DoesNotContain(personId, await People(Staff, "2025-12-31")); // his 2025 staff-course completion was as a student
        Assert.DoesNotContain(personId, await People(Staff, "2026-02-28"));
        Assert.Contains(personId, await People(Staff, "2026-03-31"));
    }
}

public sealed class PostgresAttributeHistoryTests(PostgresApp app) : AttributeHistoryTests(app), IClassFixture<PostgresApp>;

public sealed class SqliteAttributeHistoryTests(SqliteApp app) : AttributeHistoryTests(app), IClassFixture<SqliteApp>;
