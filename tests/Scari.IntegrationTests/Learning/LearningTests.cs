using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Learning;

namespace Scari.IntegrationTests.Learning;

/// <summary>Progress, quizzes and completion through the real pages, on the fixture courses, on PostgreSQL and on SQLite.</summary>
public sealed class LearningTests(JourneyApp fixture) : LearningTestsOn<JourneyApp>(fixture);

public sealed class SqliteLearningTests(SqliteJourneyApp fixture) : LearningTestsOn<SqliteJourneyApp>(fixture);

public abstract class LearningTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    private ScariAppFactory App => fixture.App;

    private const string Course = "primeros-pasos";
    private const string Quiz = "/cursos/primeros-pasos/inicio-evaluacion";
    private static string Action(string item, string handler) => $"/cursos/{Course}/{item}/avance?handler={handler}";

    /// <summary>In the file's terms: question 0 right, question 1 (multiple choice) half answered.</summary>
    private static readonly Dictionary<int, int[]> WrongAnswers = new() { [0] = [1], [1] = [0] };
    private static readonly Dictionary<int, int[]> RightAnswers = new() { [0] = [1], [1] = [0, 1] };

    private async Task<(HttpClient Client, int PersonId)> EnrolledLearnerAsync()
    {
        var (user, person) = await App.LearnerAsync();
        var client = await App.SignedInClientAsync(user);
        var enrolled = await client.PostFormAsync($"/cursos/{Course}", [], $"/cursos/{Course}/inscribirme");
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        return (client, person);
    }

    private static async Task<string> TokenAsync(HttpClient client, string url) =>
        (await client.GetDocumentAsync(url)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    [Fact]
    public async Task A_learner_reads_every_lesson_fails_the_quiz_passes_it_and_the_course_is_completed_once()
    {
        var (client, person) = await EnrolledLearnerAsync();

        var course = await client.GetStringAsync($"/cursos/{Course}");
        Assert.Contains("0 de 3", course);
        Assert.Contains("Continuar", course);
        Assert.DoesNotContain(">Inscribirme<", course);

        var marked = await client.PostFormAsync($"/cursos/{Course}/contrasenas", [], Action("contrasenas", "Siguiente"));
        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        var lessonPage = await client.GetStringAsync($"/cursos/{Course}/contrasenas");
        Assert.Contains("Lección terminada.", lessonPage);
        Assert.DoesNotContain("Marcar como terminada", lessonPage);
        var again = await client.PostAsync(Action("contrasenas", "Terminar"),
            new FormUrlEncodedContent([new("__RequestVerificationToken", await TokenAsync(client, "/"))]));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode); // a second mark (another tab) changes nothing
        Assert.Equal(1, await App.WithDbAsync(db => db.LessonProgress.CountAsync(p => p.LessonId == "contrasenas" && db.Enrollments.Any(e => e.Id == p.EnrollmentId && e.PersonId == person))));
        var next = await client.PostFormAsync($"/cursos/{Course}/correo", [], Action("correo", "Siguiente"));
        Assert.Equal(Quiz, next.Headers.Location!.OriginalString);

        var quizPage = (await client.StartQuizAsync(Quiz)).DocumentElement.OuterHtml;
        Assert.Contains("Enviar respuestas", quizPage);
        Assert.DoesNotContain("Las frases largas", quizPage); // feedback only after submitting
        Assert.DoesNotContain("disabled", quizPage[quizPage.IndexOf("Enviar respuestas", StringComparison.Ordinal)..]);

        var failed = await client.AnswerQuizAsync(App, Quiz, WrongAnswers);
        Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);
        var failedPage = await client.GetStringAsync(failed.Headers.Location!.OriginalString);
        Assert.Contains("Todavía no aprueba", failedPage);
        Assert.Contains("50 %", failedPage);
        Assert.Contains("Correcta", failedPage);
        Assert.Contains("Incorrecta", failedPage);
        Assert.DoesNotContain("Las frases largas", failedPage); // a failed attempt shows no feedback: the retry would be a lookup
        Assert.False(await App.WithDbAsync(db => db.Completions.AnyAsync(c => c.PersonId == person)));

        var passed = await client.AnswerQuizAsync(App, Quiz, RightAnswers);
        var passedPage = await client.GetStringAsync(passed.Headers.Location!.OriginalString);
        Assert.Contains("Aprobó la evaluación", passedPage);
        Assert.Contains("100 %", passedPage);
        Assert.Contains("¡Terminó el curso!", passedPage);
        Assert.Contains("Las frases largas", passedPage); // the full review after passing

        var completion = await App.WithDbAsync(db => db.Completions.SingleAsync(c => c.PersonId == person));
        var enrollment = await App.WithDbAsync(db => db.Enrollments.SingleAsync(e => e.Id == completion.EnrollmentId));
        Assert.Equal(CompletionSource.Online, completion.Source);
        Assert.Equal(4, completion.Hours);
        Assert.Equal(enrollment.CourseVersionId, completion.CourseVersionId);
        Assert.Equal(completion.CompletedUtc, enrollment.CompletedUtc);
        var attempts = await App.WithDbAsync(db => db.QuizAttempts.Where(a => a.EnrollmentId == enrollment.Id).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([50, 100], attempts.Select(a => a.Score));
        Assert.Equal("[[1],[0]]", attempts[0].AnswersJson); // the file's option indexes, per question shown (not shuffled here)
        Assert.Equal("[[1],[0,1]]", attempts[1].AnswersJson);

        // Completion issues the certificate, and Mi aprendizaje links its PDF.
        var certificate = await App.WithDbAsync(db => db.Certificates.SingleAsync(c => c.CompletionId == completion.Id));
        Assert.Null(certificate.RevokedUtc);
        // The last step's result offers it there and then: download and verification.
        Assert.Contains($"href=\"/certificados/{certificate.Code}.pdf\"", passedPage);
        Assert.Contains($"href=\"/verificar/{certificate.Code}\"", passedPage);
        var mine = await client.GetDocumentAsync("/mi-aprendizaje");
        Assert.Contains("Terminado el", mine.Body!.TextContent);
        Assert.NotNull(mine.QuerySelector($"a[href='/certificados/{certificate.Code}.pdf']"));
        using var pdf = await client.GetAsync($"/certificados/{certificate.Code}.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Opening_a_lesson_writes_nothing_and_Mi_aprendizaje_continues_at_the_first_step_not_done()
    {
        var (client, person) = await EnrolledLearnerAsync();
        static string? Resume(AngleSharp.Dom.IDocument mine) =>
            mine.QuerySelectorAll("a.button").SingleOrDefault(a => a.TextContent.StartsWith("Continuar donde quedó"))?.GetAttribute("href");

        // Reading the second lesson records nothing: progress is written only by the forms that record it.
        var opened = await client.GetDocumentAsync($"/cursos/{Course}/correo");
        Assert.Equal(["Siguiente: Evaluación de inicio"], opened.QuerySelectorAll(".lesson-controls button").Select(b => b.TextContent.Trim()));
        Assert.Null(await App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == person).Select(e => e.LastLessonId).SingleAsync()));
        Assert.Equal($"/cursos/{Course}/contrasenas", Resume(await client.GetDocumentAsync("/mi-aprendizaje")));

        // "Siguiente" marks the first lesson: Mi aprendizaje goes on at the second, and the outline says the first is done.
        await client.PostFormAsync($"/cursos/{Course}/contrasenas", [], Action("contrasenas", "Siguiente"));
        var mine = await client.GetDocumentAsync("/mi-aprendizaje");
        Assert.Equal($"/cursos/{Course}/correo", Resume(mine));
        Assert.Contains("Sigue: Correo sospechoso.", mine.QuerySelector(".my-courses article")!.TextContent);
        var lesson = await client.GetDocumentAsync($"/cursos/{Course}/correo");
        var marks = lesson.QuerySelectorAll(".module-outline li")
            .ToDictionary(li => li.QuerySelector("a")!.TextContent, li => li.QuerySelector(".item-done")?.TextContent.Trim());
        Assert.Equal("✓ Terminada", marks["Contraseñas seguras"]);
        Assert.Null(marks["Correo sospechoso"]);
        Assert.Null(marks["Evaluación de inicio"]);

        // Everything done: the first step not done is the evaluation.
        await client.PostFormAsync($"/cursos/{Course}/correo", [], Action("correo", "Siguiente"));
        Assert.Equal(Quiz, Resume(await client.GetDocumentAsync("/mi-aprendizaje")));
    }

    [Fact]
    public async Task The_quiz_form_is_shown_only_to_enrolled_learners_and_never_carries_the_answers()
    {
        using var anonymous = App.CreateClient();
        var preview = await anonymous.GetStringAsync(Quiz);
        Assert.DoesNotContain("Enviar respuestas", preview);
        Assert.Contains("vista previa", preview);

        var (client, _) = await EnrolledLearnerAsync();
        var prestart = await client.GetStringAsync(Quiz);
        Assert.Contains("Comenzar evaluación", prestart);
        Assert.DoesNotContain("Enviar respuestas", prestart);
        var form = (await client.StartQuizAsync(Quiz)).DocumentElement.OuterHtml;
        Assert.Contains("Enviar respuestas", form);
        Assert.DoesNotContain("checked", form);
        Assert.DoesNotContain("Las frases largas", form); // feedback
        var inputs = FormPosting.Parse(form).QuerySelectorAll("form input[name^='Answers']");
        Assert.Equal(6, inputs.Length);
        Assert.All(inputs, i => Assert.Equal(["id", "name", "type", "value"], i.Attributes.Select(a => a.Name).Order()));
    }

    [Fact]
    public async Task A_learner_who_is_not_enrolled_cannot_answer_a_quiz_or_mark_a_lesson()
    {
        var (user, person) = await App.LearnerAsync();
        using var client = await App.SignedInClientAsync(user);
        var token = await TokenAsync(client, "/");

        var answer = await client.PostAsync(Action("inicio-evaluacion", "Responder"), new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("intento", "1"), new("Answers[0]", "1")]));
        var start = await client.PostAsync(Action("inicio-evaluacion", "Comenzar"), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        var mark = await client.PostAsync(Action("contrasenas", "Terminar"), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal($"/cursos/{Course}", answer.Headers.Location!.OriginalString);
        Assert.Equal($"/cursos/{Course}", start.Headers.Location!.OriginalString);
        Assert.Equal($"/cursos/{Course}", mark.Headers.Location!.OriginalString);
        Assert.False(await App.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.PersonId == person)));
        Assert.Equal(0, await App.WithDbAsync(db => db.QuizAttempts.CountAsync()) - await App.WithDbAsync(db => db.QuizAttempts.CountAsync(a => db.Enrollments.Any(e => e.Id == a.EnrollmentId && e.PersonId != person))));
    }

    [Fact]
    public async Task A_quiz_with_a_maximum_of_attempts_refuses_the_next_one_in_Spanish()
    {
        var (user, person) = await App.LearnerAsync();
        using var client = await App.SignedInClientAsync(user);
        await client.PostFormAsync("/cursos/intentos-contados", [], "/cursos/intentos-contados/inscribirme");
        const string quiz = "/cursos/intentos-contados/unico-evaluacion";

        for (var i = 0; i < 2; i++)
            Assert.Contains("/intentos/", (await client.AnswerQuizAsync(App, quiz, new() { [0] = [0] })).Headers.Location!.OriginalString);
        var page = await client.GetStringAsync(quiz);
        var token = await TokenAsync(client, "/");
        var start = await client.PostAsync(QuizAnswering.StartUrl(quiz), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Contains("Ya usó los 2 intentos permitidos de esta evaluación.", page);
        Assert.DoesNotContain("Comenzar evaluación", page);
        Assert.DoesNotContain("Enviar respuestas", page);
        Assert.Equal(quiz, start.Headers.Location!.OriginalString);
        Assert.Contains("Ya usó los 2 intentos permitidos", await client.GetStringAsync(quiz));
        Assert.Equal(2, await App.WithDbAsync(db => db.QuizAttempts.CountAsync(a => db.Enrollments.Any(e => e.Id == a.EnrollmentId && e.PersonId == person))));
    }

    [Fact]
    public async Task Starts_and_submissions_from_several_tabs_at_once_never_exceed_the_maximum_of_attempts()
    {
        var (user, person) = await App.LearnerAsync();
        using var client = await App.SignedInClientAsync(user);
        await client.PostFormAsync("/cursos/intentos-contados", [], "/cursos/intentos-contados/inscribirme");
        const string quiz = "/cursos/intentos-contados/unico-evaluacion";
        var token = await TokenAsync(client, "/");
        Task<int> Attempts(bool submitted) => App.WithDbAsync(db => db.QuizAttempts.CountAsync(a =>
            db.Enrollments.Any(e => e.Id == a.EnrollmentId && e.PersonId == person) && (a.SubmittedUtc != null) == submitted));

        for (var round = 1; round <= 3; round++)
        {
            // Six tabs press «Comenzar evaluación» together: one open attempt.
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync(QuizAnswering.StartUrl(quiz),
                new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))));
            Assert.Equal(round <= 2 ? 1 : 0, await Attempts(submitted: false));
            if (round > 2) break;
            // The six tabs submit that attempt together: it counts once.
            var fields = QuizAnswering.Fields(await client.GetDocumentAsync(quiz), App.QuizOf(quiz), new() { [0] = [0] });
            var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync(
                "/cursos/intentos-contados/unico-evaluacion/avance?handler=Responder", new FormUrlEncodedContent(fields))));
            Assert.All(responses, r => Assert.Contains("/intentos/", r.Headers.Location!.OriginalString));
            Assert.Single(responses.Select(r => r.Headers.Location!.OriginalString).Distinct());
            Assert.Equal(round, await Attempts(submitted: true));
        }
        Assert.Equal(2, await Attempts(submitted: true));
    }

    [Fact]
    public async Task A_passed_quiz_stays_passed_after_a_later_failed_attempt()
    {
        var (client, person) = await EnrolledLearnerAsync();
        await client.AnswerQuizAsync(App, Quiz, RightAnswers);
        await client.AnswerQuizAsync(App, Quiz, WrongAnswers);

        var learner = await App.WithAsync<LearnerCourse?, LearnerProgress>(p => p.ActiveAsync(person, Course, default));
        Assert.Contains("inicio-evaluacion", learner!.QuizzesPassed);
        Assert.Contains("Ya aprobó esta evaluación", await client.GetStringAsync(Quiz));
    }

    [Fact]
    public async Task A_lesson_page_reads_the_enrollment_and_what_is_done_in_one_query()
    {
        var (_, person) = await EnrolledLearnerAsync();
        var (_, other) = await EnrolledLearnerAsync(); // another learner's progress must not leak in
        var mine = (await App.WithAsync<LearnerCourse?, LearnerProgress>(p => p.ActiveAsync(person, Course, default)))!;
        var theirs = (await App.WithAsync<LearnerCourse?, LearnerProgress>(p => p.ActiveAsync(other, Course, default)))!;
        Assert.Empty(mine.LessonsDone);
        Assert.Empty(mine.QuizzesPassed);
        await App.WithDbAsync(async db =>
        {
            db.LessonProgress.AddRange(new LessonProgress { EnrollmentId = mine.EnrollmentId, LessonId = "contrasenas", CompletedUtc = DateTime.UtcNow },
                new LessonProgress { EnrollmentId = mine.EnrollmentId, LessonId = "correo", CompletedUtc = DateTime.UtcNow },
                new LessonProgress { EnrollmentId = theirs.EnrollmentId, LessonId = "contrasenas", CompletedUtc = DateTime.UtcNow });
            db.QuizAttempts.AddRange(new QuizAttempt { EnrollmentId = mine.EnrollmentId, QuizId = "inicio-evaluacion", Score = 30, Passed = false, SubmittedUtc = DateTime.UtcNow },
                new QuizAttempt { EnrollmentId = theirs.EnrollmentId, QuizId = "inicio-evaluacion", Score = 100, Passed = true, SubmittedUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        var (read, queries) = await SqlWrites.RecordAsync(() => App.WithAsync<LearnerCourse?, LearnerProgress>(p => p.ActiveAsync(person, Course, default)));
        Assert.Equal(1, queries.Commands);
        Assert.Equal(mine.EnrollmentId, read!.EnrollmentId);
        Assert.Equal(["contrasenas", "correo"], read.LessonsDone.Order());
        Assert.Empty(read.QuizzesPassed); // a failed attempt is not a pass
        Assert.Equal(["inicio-evaluacion"], (await App.WithAsync<LearnerCourse?, LearnerProgress>(p => p.ActiveAsync(other, Course, default)))!.QuizzesPassed);

        await App.WithDbAsync(db => db.Enrollments.Where(e => e.Id == mine.EnrollmentId).ExecuteUpdateAsync(u => u.SetProperty(e => e.WithdrawnUtc, DateTime.UtcNow)));
        Assert.Null(await App.WithAsync<LearnerCourse?, LearnerProgress>(p => p.ActiveAsync(person, Course, default)));
    }

    [Fact]
    public async Task Prerequisites_must_be_completed_before_self_enrollment()
    {
        var (user, person) = await App.LearnerAsync();
        using var client = await App.SignedInClientAsync(user);

        var coursePage = await client.GetStringAsync("/cursos/siguientes-pasos");
        var refused = await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.SelfAsync(person, "siguientes-pasos", default));
        Assert.Equal(EnrollResult.MissingPrerequisites, refused.Result);
        Assert.Equal("Para inscribirse en «Siguientes pasos digitales» primero debe terminar «Primeros pasos digitales».", refused.Message);
        Assert.Contains("primero debe terminar «Primeros pasos digitales»", coursePage);
        Assert.DoesNotContain(">Inscribirme<", coursePage);

        await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.SelfAsync(person, Course, default));
        var learner = await App.WithAsync<LearnerCourse?, LearnerProgress>(p => p.ActiveAsync(person, Course, default));
        await App.WithDbAsync(async db =>
        {
            db.LessonProgress.AddRange(new LessonProgress { EnrollmentId = learner!.EnrollmentId, LessonId = "contrasenas", CompletedUtc = DateTime.UtcNow },
                new LessonProgress { EnrollmentId = learner.EnrollmentId, LessonId = "correo", CompletedUtc = DateTime.UtcNow });
            db.QuizAttempts.Add(new QuizAttempt { EnrollmentId = learner.EnrollmentId, QuizId = "inicio-evaluacion", Score = 100, Passed = true, SubmittedUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        Assert.NotNull(await App.WithAsync<Completion?, CourseCompletion>(c => c.TryCompleteAsync(learner!.EnrollmentId, default)));

        var allowed = await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.SelfAsync(person, "siguientes-pasos", default));
        Assert.Equal(EnrollResult.Enrolled, allowed.Result);
    }

    [Fact]
    public async Task Completing_concurrently_records_exactly_one_completion()
    {
        var (_, person) = await App.LearnerAsync();
        var enrolled = await App.WithAsync<EnrollOutcome, EnrollPerson>(e => e.SelfAsync(person, Course, default));
        var id = enrolled.EnrollmentId!.Value;
        Assert.Null(await App.WithAsync<Completion?, CourseCompletion>(c => c.TryCompleteAsync(id, default))); // nothing done yet
        await App.WithDbAsync(async db =>
        {
            db.LessonProgress.AddRange(new LessonProgress { EnrollmentId = id, LessonId = "contrasenas", CompletedUtc = DateTime.UtcNow },
                new LessonProgress { EnrollmentId = id, LessonId = "correo", CompletedUtc = DateTime.UtcNow });
            db.QuizAttempts.Add(new QuizAttempt { EnrollmentId = id, QuizId = "inicio-evaluacion", Score = 100, Passed = true, SubmittedUtc = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Task.Run(() => App.WithAsync<Completion?, CourseCompletion>(c => c.TryCompleteAsync(id, default)))));

        Assert.All(results, r => Assert.NotNull(r));
        Assert.Single(results.Select(r => r!.Id).Distinct());
        Assert.Equal(1, await App.WithDbAsync(db => db.Completions.CountAsync(c => c.EnrollmentId == id)));
    }

    [Fact]
    public async Task Passing_the_last_quiz_in_two_tabs_at_once_completes_the_course_once()
    {
        var (client, person) = await EnrolledLearnerAsync();
        await client.PostFormAsync($"/cursos/{Course}/contrasenas", [], Action("contrasenas", "Siguiente"));
        await client.PostFormAsync($"/cursos/{Course}/correo", [], Action("correo", "Siguiente"));
        var page = await client.StartQuizAsync(Quiz);
        var fields = QuizAnswering.Fields(page, App.QuizOf(Quiz), RightAnswers);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync(QuizAnswering.FormAction(page), new FormUrlEncodedContent(fields))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Equal(1, await App.WithDbAsync(db => db.Completions.CountAsync(c => c.PersonId == person)));
        Assert.NotNull(await App.WithDbAsync(db => db.Enrollments.Where(e => e.PersonId == person).Select(e => e.CompletedUtc).SingleAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Certificates.CountAsync(c => c.PersonId == person)));
    }

    [Fact]
    public async Task Mis_datos_shows_each_attempt_as_the_questions_asked_and_the_answers_chosen_in_words()
    {
        var (client, _) = await EnrolledLearnerAsync();
        await client.AnswerQuizAsync(App, Quiz, WrongAnswers);
        await client.AnswerQuizAsync(App, Quiz, RightAnswers);
        var quiz = App.QuizOf(Quiz);
        string Line(int n, int question, params int[] options) =>
            $"{n}. {quiz.Questions[question].PlainPrompt} Respondió: {string.Join("; ", options.Select(o => quiz.Questions[question].Options[o].PlainText))}";

        var page = await client.GetDocumentAsync("/mi-cuenta/mis-datos");
        var attempts = page.QuerySelector("section[aria-labelledby=s-intentos]")!.QuerySelectorAll("tbody tr")
            .Select(r => r.QuerySelectorAll("td").Last().TextContent).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(string.Join("\n", Line(1, 0, 1), Line(2, 1, 0)), attempts[0]);
        Assert.Equal(string.Join("\n", Line(1, 0, 1), Line(2, 1, 0, 1)), attempts[1]);

        // The exports say the same, never the stored JSON of option numbers.
        var json = await client.GetStringAsync("/mi-cuenta/mis-datos?handler=Json");
        using (var doc = System.Text.Json.JsonDocument.Parse(json))
            Assert.Equal(attempts[1], doc.RootElement.GetProperty("intentos")[1].GetProperty("Respuestas").GetString());
        var csv = await client.GetStringAsync("/mi-cuenta/mis-datos?handler=Csv");
        Assert.Contains(Line(2, 1, 0, 1), csv);
        Assert.DoesNotContain("[[", csv + json);
        Assert.DoesNotContain("[1]", csv + json);
    }
}
