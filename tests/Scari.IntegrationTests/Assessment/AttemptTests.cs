using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.Learning;

namespace Scari.IntegrationTests.Assessment;

/// <summary>Attempts as stored objects: started by a POST, shown the same on reload, drawn again after a submission,
/// counted when submitted, held to max_attempts, cooldown and review; on PostgreSQL and SQLite.</summary>
public sealed class AttemptTests(AssessmentApp fixture) : AttemptTestsOn<AssessmentApp>(fixture);

public sealed class SqliteAttemptTests(SqliteAssessmentApp fixture) : AttemptTestsOn<SqliteAssessmentApp>(fixture);

public abstract class AttemptTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    private ScariAppFactory App => fixture.App;
    private const string Course = "/cursos/redes-y-plazos";
    private const string Quiz = $"{Course}/subredes-evaluacion";

    private async Task<(HttpClient Client, int PersonId)> EnrolledAsync()
    {
        var (user, person) = await App.LearnerAsync();
        var client = await App.SignedInClientAsync(user);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(Course, [], $"{Course}/inscribirme")).StatusCode);
        return (client, person);
    }

    private Task<List<QuizAttempt>> AttemptsAsync(int person) => App.WithDbAsync(db => db.QuizAttempts.AsNoTracking()
        .Where(a => a.QuizId == "subredes-evaluacion" && db.Enrollments.Any(e => e.Id == a.EnrollmentId && e.PersonId == person))
        .OrderBy(a => a.Id).ToListAsync());

    /// <summary>Ends the cooldown of the last submitted attempt, as if ten minutes had passed.</summary>
    private Task EndCooldownAsync(int person) => App.WithDbAsync(db => db.QuizAttempts
        .Where(a => a.SubmittedUtc != null && db.Enrollments.Any(e => e.Id == a.EnrollmentId && e.PersonId == person))
        .ExecuteUpdateAsync(s => s.SetProperty(a => a.SubmittedUtc, DateTime.UtcNow.AddMinutes(-11))));

    /// <summary>Wrong but readable answers to every typed question (at least two of them are in every draw).</summary>
    private static readonly Dictionary<int, string> WrongTyped = new() { [0] = "61", [1] = "61", [2] = "01/01/2000", [3] = "red" };

    private static string Shown(AngleSharp.Html.Dom.IHtmlDocument page, Quiz quiz) =>
        string.Join(" | ", QuizAnswering.QuestionsShown(page, quiz).Zip(QuizAnswering.OptionOrder(page, quiz), (q, o) => $"{q.Index}:{string.Join(",", o)}"));

    [Fact]
    public async Task The_quiz_page_states_the_attempt_policy_and_writes_nothing_until_Comenzar()
    {
        var (client, person) = await EnrolledAsync();

        var page = await client.GetDocumentAsync(Quiz);
        await client.GetDocumentAsync(Quiz);

        var policy = page.QuerySelector(".quiz-policy")!.TextContent;
        Assert.Contains("Se aprueba con 60 % o más.", policy);
        Assert.Contains("5 preguntas, sacadas al azar de un banco de 7: cada intento trae otras; tiempo estimado: 15 min.", policy);
        Assert.Contains("Las opciones y el orden de las preguntas cambian de orden en cada intento.", policy);
        Assert.Contains("Tiene 3 intentos en total; ha enviado 0 y le quedan 3.", policy);
        Assert.Contains("Entre un intento enviado y el siguiente debe esperar 10 minutos.", policy);
        Assert.NotNull(page.QuerySelectorAll("button").SingleOrDefault(b => b.TextContent == "Comenzar evaluación"));
        Assert.Null(page.QuerySelector("form.quiz-form"));
        Assert.Empty(await AttemptsAsync(person));
    }

    [Fact]
    public async Task An_attempt_keeps_its_draw_and_order_on_reload_and_in_another_tab_and_a_new_one_draws_again()
    {
        var (client, person) = await EnrolledAsync();
        var quiz = App.QuizOf(Quiz);

        var first = await client.StartQuizAsync(Quiz);
        var shown = Shown(first, quiz);
        Assert.Equal(shown, Shown(await client.GetDocumentAsync(Quiz), quiz));          // reload
        await client.PressStartAsync(Quiz);              // «Comenzar» again, from another tab
        Assert.Equal(shown, Shown(await client.GetDocumentAsync(Quiz), quiz));
        var open = Assert.Single(await AttemptsAsync(person));
        Assert.Null(open.SubmittedUtc);
        var layout = AttemptLayout.FromJson(open.LayoutJson)!;
        Assert.Equal(shown, string.Join(" | ", layout.Questions.Select(q => $"{q.Question}:{string.Join(",", q.Options)}")));
        // The pool: two of the three «calculo» questions and three of the four «conceptos».
        Assert.Equal(2, layout.Asked.Count(i => quiz.Questions[i].Group == "calculo"));
        Assert.Equal(3, layout.Asked.Count(i => quiz.Questions[i].Group == "conceptos"));

        Assert.Contains("/intentos/", (await client.AnswerQuizAsync(App, Quiz, typed: WrongTyped)).Headers.Location!.OriginalString);
        await EndCooldownAsync(person);
        var second = await client.StartQuizAsync(Quiz);
        Assert.NotEqual(shown, Shown(second, quiz));
        Assert.Equal(2, (await AttemptsAsync(person)).Count);
    }

    [Fact]
    public async Task Grading_follows_the_order_shown_and_a_decimal_comma_and_a_date_are_read()
    {
        var (client, person) = await EnrolledAsync();
        var quiz = App.QuizOf(Quiz);
        var right = quiz.Questions.Where(q => q.Answer is null).ToDictionary(q => q.Index, q => q.Options.Where(o => o.Correct).Select(o => o.Index).ToArray());
        var typed = new Dictionary<int, string> { [0] = "62", [1] = "25,4", [2] = "17/03/2026", [3] = "Sub  Red" };

        var result = await client.AnswerQuizAsync(App, Quiz, right, typed);
        var page = await client.GetDocumentAsync(result.Headers.Location!.OriginalString);

        Assert.Contains("Puntaje: 100 %", page.QuerySelector(".quiz-score")!.TextContent);
        var attempt = Assert.Single(await AttemptsAsync(person));
        Assert.Equal((100, true), (attempt.Score, attempt.Passed));
        // The full review after passing lists each question's options in the order this attempt showed them.
        var layout = AttemptLayout.FromJson(attempt.LayoutJson)!;
        var reviewed = page.QuerySelectorAll(".quiz-feedback > li").ToList();
        Assert.Equal(layout.Questions.Count, reviewed.Count);
        for (var p = 0; p < layout.Questions.Count; p++)
        {
            var question = quiz.Questions[layout.Questions[p].Question];
            Assert.Equal(layout.Questions[p].Options.Select(o => QuizReader_Text(question.Options[o].Html)),
                reviewed[p].QuerySelectorAll(".review-options li").Select(li => li.ChildNodes.First().TextContent.Trim()));
        }
    }

    private static string QuizReader_Text(string html) => FormPosting.Parse($"<p>{html}</p>").Body!.TextContent.Trim();

    [Fact]
    public async Task A_failed_attempt_shows_score_stems_verdicts_and_lessons_but_no_option_and_no_feedback_until_no_attempt_is_left()
    {
        var (client, person) = await EnrolledAsync();
        var quiz = App.QuizOf(Quiz);
        var optionTexts = quiz.Questions.SelectMany(q => q.Options).Select(o => QuizReader_Text(o.Html)).ToList();
        Assert.Equal(10, optionTexts.Count);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if (attempt > 1) await EndCooldownAsync(person);
            var location = (await client.AnswerQuizAsync(App, Quiz, typed: WrongTyped)).Headers.Location!.OriginalString;
            var html = await client.GetStringAsync(location);
            var page = FormPosting.Parse(html);
            Assert.Contains("Todavía no aprueba", html);
            Assert.Contains("Puntaje: 0 %", page.QuerySelector(".quiz-score")!.TextContent);
            var shown = page.QuerySelectorAll("fieldset.question").Length;
            if (attempt < 3)
            {
                Assert.Equal(5, page.QuerySelectorAll(".quiz-feedback > li h3").Length);
                Assert.Equal(5, page.QuerySelectorAll(".quiz-feedback .verdict").Count(v => v.TextContent == "Incorrecta"));
                Assert.Contains("Repase la lección", html);
                Assert.NotNull(page.QuerySelector($"a[href='{Course}/direcciones']"));
                Assert.All(optionTexts, text => Assert.DoesNotContain(text, html));
                Assert.DoesNotContain("Retroalimentación", html);
                Assert.DoesNotContain("Respuesta correcta", html);
            }
            else
            {
                // No attempt left: now the full review, with the options and the feedback.
                Assert.Contains("Intentos restantes: 0.", html);
                Assert.Contains("Retroalimentación", html);
                Assert.Contains("Respuesta correcta", html);
            }
            Assert.Equal(0, shown); // a result page has no form fields
        }
        var quizPage = await client.GetStringAsync(Quiz);
        Assert.Contains("Ya usó los 3 intentos permitidos", quizPage);
        Assert.Equal(3, (await AttemptsAsync(person)).Count(a => a.SubmittedUtc != null));
    }

    [Fact]
    public async Task The_cooldown_refuses_a_new_attempt_until_it_ends_even_from_parallel_tabs()
    {
        var (client, person) = await EnrolledAsync();
        await client.AnswerQuizAsync(App, Quiz, typed: WrongTyped);

        var page = await client.GetStringAsync(Quiz);
        Assert.Contains("Debe esperar antes del próximo intento: podrá comenzarlo desde el", page);
        Assert.DoesNotContain("Comenzar evaluación</button>", page);
        var starts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PressStartAsync(Quiz)));
        Assert.All(starts, r => Assert.Equal(Quiz, r.Headers.Location!.OriginalString));
        Assert.Single(await AttemptsAsync(person));

        await EndCooldownAsync(person);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PressStartAsync(Quiz)));
        var attempts = await AttemptsAsync(person);
        Assert.Equal(2, attempts.Count);
        Assert.Null(attempts[1].SubmittedUtc);
    }

    [Fact]
    public async Task An_attempt_open_when_the_quiz_changes_is_not_graded_and_a_new_one_starts()
    {
        var (client, person) = await EnrolledAsync();
        var page = await client.StartQuizAsync(Quiz);
        var fields = QuizAnswering.Fields(page, App.QuizOf(Quiz), typed: new() { [0] = "62" });
        var attempt = Assert.Single(await AttemptsAsync(person));
        await App.WithDbAsync(db => db.QuizAttempts.Where(a => a.Id == attempt.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.QuizFingerprint, "otra-version")));

        var submitted = await client.PostAsync(QuizAnswering.FormAction(page), new FormUrlEncodedContent(fields));
        Assert.Equal(Quiz, submitted.Headers.Location!.OriginalString);
        var after = await client.GetStringAsync(Quiz);
        Assert.Contains("cambiaron después de que usted comenzó un intento", after);
        Assert.Null(Assert.Single(await AttemptsAsync(person)).SubmittedUtc);

        await client.StartQuizAsync(Quiz);
        var replaced = Assert.Single(await AttemptsAsync(person));
        Assert.NotEqual(attempt.Id, replaced.Id);
    }
}
