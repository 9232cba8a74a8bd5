using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Assessment;

/// <summary>The attempt history on the learner's course page and the cohort gradebook with its exports and scopes.</summary>
public sealed class GradebookTests(AssessmentApp fixture) : IClassFixture<AssessmentApp>
{
    private ScariAppFactory App => fixture.App;
    private const string CourseId = "redes-y-plazos";

    private sealed record World(int CohortId, string LearnerA, string NameA, string NameB, string CoordinatorA, string CoordinatorC, string Tutor, string Admin);

    /// <summary>A cohort of dependencia A with a member of A (two attempts: 40 and 80 %) and one of B (none), its tutor, and staff around.</summary>
    private async Task<World> BuildAsync()
    {
        var (depA, depB, depC) = (await App.DependenciaAsync(), await App.DependenciaAsync(), await App.DependenciaAsync());
        var (learnerA, personA) = await App.LearnerAsync(Audience.Staff, dependenciaId: depA);
        var (_, personB) = await App.LearnerAsync(Audience.Staff, dependenciaId: depB);
        var tutor = await App.StaffAsync(Roles.Tutor);
        var cohortId = (await App.WithAsync<CohortCreated, Cohorts>(c => c.CreateAsync(JourneyData.Coordinator(dependenciaId: depA),
            new CohortDraft(JourneyData.Unique("Redes marzo"), CourseId, new DateOnly(2026, 2, 1), new DateOnly(2026, 11, 30), null, null, null), default))).CohortId!.Value;
        var tutorId = await App.UserIdAsync(tutor);
        await App.WithDbAsync(db => db.Cohorts.Where(c => c.Id == cohortId).ExecuteUpdateAsync(s => s.SetProperty(c => c.TutorUserId, tutorId)));
        Assert.Equal(2, (await App.WithAsync<MembersAdded, Cohorts>(c => c.AddMembersAsync(JourneyData.Admin, cohortId, [personA, personB], default))).Added);
        var enrollmentA = await App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == personA && e.CohortId == cohortId).Select(e => e.Id).SingleAsync());
        await App.WithDbAsync(async db =>
        {
            db.QuizAttempts.AddRange(
                new QuizAttempt { EnrollmentId = enrollmentA, QuizId = "subredes-evaluacion", StartedUtc = new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc), SubmittedUtc = new DateTime(2026, 3, 2, 14, 20, 0, DateTimeKind.Utc), Score = 40 },
                new QuizAttempt { EnrollmentId = enrollmentA, QuizId = "subredes-evaluacion", StartedUtc = new DateTime(2026, 3, 3, 15, 0, 0, DateTimeKind.Utc), SubmittedUtc = new DateTime(2026, 3, 3, 15, 10, 0, DateTimeKind.Utc), Score = 80, Passed = true },
                new QuizAttempt { EnrollmentId = enrollmentA, QuizId = "cierre-evaluacion", StartedUtc = DateTime.UtcNow }); // open: not shown, not counted
            return await db.SaveChangesAsync();
        });
        string Name(int id) => App.WithDbAsync(db => db.People.Where(p => p.Id == id).Select(p => p.FamilyNames + ", " + p.GivenNames).SingleAsync()).Result;
        return new(cohortId, learnerA, Name(personA), Name(personB), await App.StaffAsync(Roles.Coordinador, dependenciaId: depA),
            await App.StaffAsync(Roles.Coordinador, dependenciaId: depC), tutor, await App.StaffAsync(Roles.Administrador));
    }

    [Fact]
    public async Task The_learner_sees_their_submitted_attempts_with_scores_on_the_course_page()
    {
        var w = await BuildAsync();
        using var learner = await App.SignedInClientAsync(w.LearnerA);

        var page = await learner.GetDocumentAsync($"/cursos/{CourseId}");
        var rows = page.QuerySelectorAll(".attempt-history tbody tr").Select(r => string.Join(" | ", r.Children.Select(c => c.TextContent.Trim()))).ToList();

        Assert.Equal(2, rows.Count);
        Assert.StartsWith("Evaluación de subredes | 1 | 2 de marzo de 2026, 9:20", rows[0]);
        Assert.Contains("| 40 % | No aprobado · Ver", rows[0]);
        Assert.StartsWith("Evaluación de subredes | 2 | 3 de marzo de 2026, 10:10", rows[1]);
        Assert.Contains("| 80 % | Aprobado · Ver", rows[1]);
    }

    [Fact]
    public async Task The_gradebook_shows_best_score_attempts_and_last_date_per_evaluation_within_each_viewers_scope()
    {
        var w = await BuildAsync();
        var url = $"/admin/cohortes/{w.CohortId}/calificaciones";

        async Task<List<string>> RowsSeenBy(string user)
        {
            using var client = await App.SignedInClientAsync(user);
            var page = await client.GetDocumentAsync(url);
            return page.QuerySelectorAll(".gradebook tbody tr").Select(r => string.Join(" | ", r.Children.Select(c => c.TextContent.Trim()))).ToList();
        }

        var admin = await RowsSeenBy(w.Admin);
        Assert.Equal(2, admin.Count);
        var a = Assert.Single(admin, r => r.StartsWith(w.NameA, StringComparison.Ordinal));
        Assert.Contains("| 80 % (aprobada) · 2 intentos · 3 de marzo de 2026, 10:10", a);
        Assert.EndsWith("| Sin intentos", a); // the closing evaluation: its only attempt is still open
        Assert.Contains(admin, r => r.StartsWith(w.NameB, StringComparison.Ordinal) && r.EndsWith("Sin intentos | Sin intentos", StringComparison.Ordinal));

        Assert.Equal(admin, await RowsSeenBy(w.Tutor));                      // the cohort's tutor: every member
        Assert.Equal([a], await RowsSeenBy(w.CoordinatorA));                 // a coordinator: the members of their dependencia
        using var other = await App.SignedInClientAsync(w.CoordinatorC);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        using var learner = await App.SignedInClientAsync(w.LearnerA);
        Assert.NotEqual(HttpStatusCode.OK, (await learner.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_gradebook_exports_to_csv_and_xlsx()
    {
        var w = await BuildAsync();
        using var coordinator = await App.SignedInClientAsync(w.CoordinatorA);

        var csv = await coordinator.GetAsync($"/admin/cohortes/{w.CohortId}/calificaciones?handler=Csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Persona;Documento;Estado;Evaluación de subredes: mejor puntaje;Evaluación de subredes: intentos;Evaluación de subredes: último intento;" +
            "Evaluación de cierre: mejor puntaje;Evaluación de cierre: intentos;Evaluación de cierre: último intento", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.StartsWith($"\"{w.NameA}\";CC ", row); // quoted: the name has a comma
        Assert.EndsWith(";Activa;80;2;2026-03-03 10:10;;0;", row);

        var xlsx = await coordinator.GetAsync($"/admin/cohortes/{w.CohortId}/calificaciones?handler=Xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var workbook = Scari.Web.Spreadsheet.Read(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Empty(workbook.Problems);
        Assert.Equal(2, workbook.Records.Count); // the header and the one person of the coordinator's scope
        var cells = workbook.Records[1].Cells;
        Assert.Equal(w.NameA, cells[0]);
        Assert.Equal(["Activa", "80", "2"], cells[2..5]);
        Assert.DoesNotContain(workbook.Records, r => r.Cells.Contains(w.NameB));
    }
}
