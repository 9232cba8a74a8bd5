using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.IntegrationTests.Learning;
using Scari.Testing;

namespace Scari.IntegrationTests.Assessment;

/// <summary>Course times, activities, typed answers graded on the server and media served sandboxed, on the assessment fixture.</summary>
public sealed class AssessmentPagesTests(AssessmentApp fixture) : IClassFixture<AssessmentApp>
{
    private ScariAppFactory App => fixture.App;
    private const string Course = "/cursos/redes-y-plazos";

    [Fact]
    public async Task The_course_page_shows_the_time_of_each_part_and_the_total()
    {
        var page = await App.CreateClient().GetDocumentAsync(Course);
        var facts = Spaces(page.QuerySelector(".facts")!.TextContent);

        Assert.Contains("Tiempo de estudio 1 h 50 min: lecciones 1 h 5 min, actividades prácticas 20 min, evaluaciones 25 min", facts);
        Assert.Contains("Lecciones3, con 1 actividad práctica", facts);
        var outline = page.QuerySelector(".course-outline")!.TextContent;
        Assert.Contains("25 min de lectura + actividad práctica de 20 min", outline);
        Assert.Contains("evaluación, 5 preguntas, 15 min", outline);
        Assert.Contains("Subredes 1 h 25 min", Spaces(outline));
    }

    private static string Spaces(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ");

    [Fact]
    public async Task A_lesson_shows_its_activity_as_a_box_with_what_to_do_and_what_to_deliver()
    {
        var page = await App.CreateClient().GetDocumentAsync($"{Course}/direcciones");
        var box = page.QuerySelector("section.activity")!;

        Assert.Equal("Actividad práctica (20 min): Calcule las subredes de su oficina", box.QuerySelector("h2")!.TextContent);
        Assert.Equal(["Qué hacer", "Qué entregar"], box.QuerySelectorAll("h3").Select(h => h.TextContent));
        Assert.Equal(2, box.QuerySelectorAll("ol li").Length);
        Assert.Contains("Tiempo de lectura: 25 min, más 20 min de actividad práctica.", page.Body!.TextContent);
    }

    [Fact]
    public async Task A_typed_number_with_a_decimal_comma_is_graded_on_the_server_and_an_unreadable_one_is_refused_without_an_attempt()
    {
        var (user, person) = await App.LearnerAsync();
        var client = await App.SignedInClientAsync(user);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(Course, [], $"{Course}/inscribirme")).StatusCode);
        const string quiz = $"{Course}/cierre-evaluacion";

        var form = await client.StartQuizAsync(quiz);
        var input = form.QuerySelector("form.quiz-form input[type=text]")!;
        Assert.Equal(("text", "decimal"), (input.GetAttribute("type"), input.GetAttribute("inputmode")));
        Assert.Equal("Su respuesta", form.QuerySelector($"label[for='{input.Id}']")!.TextContent);
        Assert.DoesNotContain("Retroalimentación quetzal", form.Body!.OuterHtml); // nor the feedback
        Assert.DoesNotContain("= 2.5", form.Body!.OuterHtml);

        var refused = await client.AnswerQuizAsync(App, quiz, new() { [1] = [1] }, new() { [0] = "2,5,0" });
        Assert.Equal(quiz, refused.Headers.Location!.OriginalString);
        var again = await client.GetDocumentAsync(quiz);
        Assert.Contains("«2,5,0» no es un número", again.Body!.TextContent);
        Assert.Equal("2,5,0", again.QuerySelector("form.quiz-form input[type=text]")!.GetAttribute("value")); // the form comes back as left
        Assert.Single(again.QuerySelectorAll("form.quiz-form input[checked]"));
        Assert.Equal(0, await App.WithDbAsync(db => db.QuizAttempts.CountAsync(a => a.SubmittedUtc != null && db.Enrollments.Any(e => e.Id == a.EnrollmentId && e.PersonId == person))));

        var graded = await client.AnswerQuizAsync(App, quiz, new() { [1] = [1] }, new() { [0] = "2,5" });
        var result = await client.GetDocumentAsync(graded.Headers.Location!.OriginalString);
        Assert.Contains("100 %", result.QuerySelector(".quiz-score")!.TextContent);
        Assert.Contains("Usted escribió: 2,5", result.Body!.TextContent); // review: always
        var attempt = await App.WithDbAsync(db => db.QuizAttempts.SingleAsync(a => db.Enrollments.Any(e => e.Id == a.EnrollmentId && e.PersonId == person)));
        var layout = Scari.Web.Features.Learning.AttemptLayout.FromJson(attempt.LayoutJson)!;
        Assert.Equal(layout.Asked[0] == 0 ? "[\"2,5\",[1]]" : "[[1],\"2,5\"]", attempt.AnswersJson); // per question shown, the file's option index
    }

    [Fact]
    public async Task Media_are_served_with_their_image_type_and_a_sandboxing_policy_and_other_files_are_not_served()
    {
        var client = App.CreateClient();
        var svg = await client.GetAsync($"{Course}/media/red.svg");

        Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; sandbox", svg.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", svg.Headers.GetValues("X-Content-Type-Options").Single());

        // A file that is not an image, put there after the course loaded, is never served.
        await File.WriteAllTextAsync(fixture.Content.File("cursos/redes-y-plazos/media/notas.html"), "<script>alert(1)</script>");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{Course}/media/notas.html")).StatusCode);
    }
}
