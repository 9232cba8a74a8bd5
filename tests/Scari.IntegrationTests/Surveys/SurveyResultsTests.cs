using System.Net;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Surveys;

namespace Scari.IntegrationTests.Surveys;

/// <summary>/admin/encuestas: figures per course and cohort, the rule of 5, free text for administrators only, exports.</summary>
public sealed class SurveyResultsTests(SurveyApp fixture) : SurveyResultsTestsOn<SurveyApp>(fixture);

public sealed class SqliteSurveyResultsTests(SqliteSurveyApp fixture) : SurveyResultsTestsOn<SqliteSurveyApp>(fixture);

public abstract class SurveyResultsTestsOn<TApp>(TApp fixture) : IClassFixture<TApp>, IAsyncLifetime where TApp : class, IAppFixture
{
    private ScariAppFactory App => fixture.App;
    private const string Course = "encuesta-propia";
    private static readonly SemaphoreSlim Once = new(1, 1);

    public async ValueTask InitializeAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (await App.WithDbAsync(db => Task.FromResult(db.SurveyResponses.Any(r => r.CourseId == Course)))) return;
            var norte = await App.CreateCohortAsync("Norte", Course);
            var sur = await App.CreateCohortAsync("Sur", Course);
            var centro = await App.CreateCohortAsync("Centro", Course);
            var rows = new List<SurveyResponse>();
            SurveyResponse Row(int? cohort, string answers, string? comment, SurveyKind kind = SurveyKind.Reaccion) => new()
            {
                Id = Guid.NewGuid(), CourseId = Course, CohortId = cohort, Kind = kind, AnsweredOn = new DateOnly(2026, 11, 20),
                Answers = answers, Comment = comment,
            };
            for (var i = 0; i < 7; i++) rows.Add(Row(norte, $"claridad=4;utilidad={(i < 4 ? 5 : 3)};duracion=2", i switch { 0 => "Zapatos cómodos para el taller.", 1 => "Agregar ejemplos de reglas.", _ => null }));
            for (var i = 0; i < 5; i++) rows.Add(Row(sur, "claridad=1;utilidad=1;duracion=1", null));
            for (var i = 0; i < 2; i++) rows.Add(Row(centro, "claridad=5;utilidad=5;duracion=5", "Comentario de Centro."));
            for (var i = 0; i < 3; i++) rows.Add(Row(null, "aplicacion=4;mejora=4", "Secreto del impacto.", SurveyKind.Impacto));
            await App.WithDbAsync(db => { db.SurveyResponses.AddRange(rows); return db.SaveChangesAsync(); });
        }
        finally { Once.Release(); }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<HttpClient> AdminAsync() => await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

    [Fact]
    public async Task A_cohort_under_five_answers_and_the_one_that_would_reveal_it_show_no_figures_and_comments_appear_sorted()
    {
        var admin = await AdminAsync();
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/encuestas/{Course}"));
        var doc = FormPosting.Parse(page);
        string Section(string name) => doc.QuerySelectorAll("section").Single(s => s.QuerySelector("h2")?.TextContent == name).TextContent;

        Assert.Contains("14 respuestas", Section("Todo el curso"));
        var norte = Section("Cohorte Norte");
        Assert.Contains("7 respuestas", norte);
        Assert.Contains("4,0", norte); // claridad: every answer a 4
        Assert.Contains("4,1", norte); // utilidad: four 5s and three 3s
        Assert.NotNull(doc.QuerySelectorAll("section").Single(s => s.QuerySelector("h2")?.TextContent == "Cohorte Norte").QuerySelector("svg[role=img] title"));
        // Centro has 2 answers; hiding only Centro would let the total minus Norte and Sur give it away, so Sur (5) is hidden too.
        Assert.Contains(SurveyResults.Hidden, Section("Cohorte Centro"));
        Assert.Contains(SurveyResults.Hidden, Section("Cohorte Sur"));
        Assert.DoesNotContain("respuestas.", Section("Cohorte Sur"));

        var comments = doc.QuerySelectorAll(".survey-comments li").Select(li => li.TextContent).ToList();
        Assert.Equal(["Agregar ejemplos de reglas.", "Comentario de Centro.", "Comentario de Centro.", "Zapatos cómodos para el taller."], comments);

        var list = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/encuestas"));
        Assert.Contains("14", list);
        Assert.Contains("menos de 5", list); // the impact survey's 3 answers
    }

    [Fact]
    public async Task A_course_under_five_answers_shows_no_figure_and_no_comment_on_the_page_or_in_the_exports()
    {
        var admin = await AdminAsync();
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/encuestas/{Course}?tipo=impacto"));
        Assert.Contains(SurveyResults.Hidden, page);
        Assert.Contains("Los comentarios se muestran cuando el curso tiene 5 respuestas o más.", page);
        Assert.DoesNotContain("Secreto del impacto.", page);
        Assert.DoesNotContain("<svg", page);

        var csv = await admin.GetStringAsync($"/admin/encuestas/{Course}?handler=Exportar&formato=csv&tipo=impacto");
        Assert.Contains($"Todo el curso;curso;{SurveyResults.Hidden}", csv);
        Assert.DoesNotContain("aplicacion", csv);
        var commentsCsv = await admin.GetStringAsync($"/admin/encuestas/{Course}?handler=Exportar&formato=csv&tabla=comentarios&tipo=impacto");
        Assert.DoesNotContain("Secreto", commentsCsv);
        var xlsx = Scari.Web.Spreadsheet.Read(await admin.GetByteArrayAsync($"/admin/encuestas/{Course}?handler=Exportar&formato=xlsx&tipo=impacto"));
        Assert.Equal(SurveyResults.Hidden, xlsx.Records[1].Cells[2]);
        Assert.Equal(2, xlsx.Records.Count);
    }

    [Fact]
    public async Task The_exports_follow_the_rule_of_five_and_carry_the_comments_only_for_administrators()
    {
        var admin = await AdminAsync();
        var csv = (await admin.GetStringAsync($"/admin/encuestas/{Course}?handler=Exportar&formato=csv")).Replace("\r", "").Split('\n');
        Assert.Contains("Cohorte Norte;cohorte;7;claridad;Las lecciones explican el correo institucional con claridad.;4.00;0;0;0;7;0", csv);
        Assert.Contains($"Cohorte Centro;cohorte;{SurveyResults.Hidden};;;;;;;;", csv);
        Assert.Contains($"Cohorte Sur;cohorte;{SurveyResults.Hidden};;;;;;;;", csv);
        Assert.DoesNotContain(csv, l => l.StartsWith("Cohorte Sur;cohorte;5", StringComparison.Ordinal));
        var comments = await admin.GetStringAsync($"/admin/encuestas/{Course}?handler=Exportar&formato=csv&tabla=comentarios");
        Assert.Contains("Zapatos cómodos para el taller.", comments);
        var xlsx = Scari.Web.Spreadsheet.Read(await admin.GetByteArrayAsync($"/admin/encuestas/{Course}?handler=Exportar&formato=xlsx"));
        Assert.Contains(xlsx.Records, r => r.Cells[0] == "Cohorte Centro" && r.Cells[2] == SurveyResults.Hidden);
        Assert.Contains(xlsx.Records, r => r.Cells[0] == "Cohorte Norte" && r.Cells[2] == "7");
    }

    [Theory]
    [InlineData(Roles.Coordinador)]
    [InlineData(Roles.Tutor)]
    public async Task Coordinators_and_tutors_never_see_the_results_page_or_its_exports_nor_any_free_text(string role)
    {
        var staff = await App.SignedInClientAsync(await App.StaffAsync(role));
        foreach (var url in new[] { "/admin/encuestas", $"/admin/encuestas/{Course}", $"/admin/encuestas/{Course}?handler=Exportar&formato=csv&tabla=comentarios",
                     $"/admin/encuestas/{Course}?handler=Exportar&formato=xlsx" })
        {
            var response = await staff.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{url}: {(int)response.StatusCode}");
            if (response.Headers.Location is { } to) Assert.StartsWith("/cuenta/acceso-denegado", to.PathAndQuery.Length > 0 && to.IsAbsoluteUri ? to.PathAndQuery : to.OriginalString);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Zapatos", body);
            Assert.DoesNotContain("Comentario de Centro", body);
        }
    }
}
