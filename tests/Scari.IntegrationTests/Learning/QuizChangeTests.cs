using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Learning;

/// <summary>An attempt keeps the fingerprint of the quiz it answered: after the quiz changes, its result no longer shows stale feedback.</summary>
public sealed class QuizChangeTests(FixtureContentApp app) : IClassFixture<FixtureContentApp>
{
    private const string Course = "curso-de-prueba";
    private const string Quiz = "/cursos/curso-de-prueba/cierre-evaluacion";
    private ScariAppFactory App => app.App;
    private CourseCatalog Catalog => App.Services.GetRequiredService<CourseCatalog>();

    [Fact]
    public async Task After_the_quiz_changes_an_old_result_keeps_its_score_and_drops_the_per_question_feedback()
    {
        var (user, person) = await App.LearnerAsync(Audience.Staff);
        await App.WithDbAsync(async db =>
        {
            db.Enrollments.Add(new Enrollment
            {
                PersonId = person, CourseId = Course, CourseVersionId = Catalog.Find(Course)!.VersionId,
                Source = EnrollmentSource.Staff, EnrolledUtc = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        using var client = await App.SignedInClientAsync(user);

        using var submitted = await client.AnswerQuizAsync(App, Quiz, new() { [0] = [0] });
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var result = submitted.Headers.Location!.OriginalString;
        Assert.Contains("/intentos/", result);
        var before = FormPosting.Parse(await client.GetStringAsync(result));
        Assert.Contains("100 %", before.QuerySelector(".quiz-score")!.TextContent);
        Assert.Equal("Correcta", before.QuerySelector(".quiz-feedback .verdict")!.TextContent);
        var stored = await App.WithDbAsync(db => db.QuizAttempts.AsNoTracking().SingleAsync(a => db.Enrollments.Any(e => e.Id == a.EnrollmentId && e.PersonId == person)));
        Assert.Equal(((Quiz)Catalog.Find(Course)!.FindItem("cierre-evaluacion")!).Fingerprint, stored.QuizFingerprint);

        // The author swaps the right answer: under the new key the old answer would read "Incorrecta", which it was not.
        var file = app.Content.File("cursos/curso-de-prueba/02-cierre/evaluacion.md");
        File.WriteAllText(file, File.ReadAllText(file).Replace("- [x] Sí\n- [ ] No", "- [ ] Sí\n- [x] No"));
        await Catalog.ReloadAsync(TestContext.Current.CancellationToken);

        var after = FormPosting.Parse(await client.GetStringAsync(result));
        Assert.Contains("100 %", after.QuerySelector(".quiz-score")!.TextContent);
        Assert.Contains("cambiaron después de este intento", after.QuerySelector("main [role=status]")!.TextContent);
        Assert.Null(after.QuerySelector(".quiz-feedback"));

        // A new attempt is graded, and explained, with the quiz as it is now.
        using var again = await client.AnswerQuizAsync(App, Quiz, new() { [0] = [1] });
        var latest = FormPosting.Parse(await client.GetStringAsync(again.Headers.Location!.OriginalString));
        Assert.Equal("Correcta", latest.QuerySelector(".quiz-feedback .verdict")!.TextContent);
        Assert.Null(latest.QuerySelector("main [role=status]"));
    }
}
