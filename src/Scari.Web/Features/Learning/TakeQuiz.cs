using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

public enum QuizSubmitResult { Graded, NotInCourse, NoAttemptsLeft, NothingAnswered, Unreadable, NotOpen, Waiting, Started }

public sealed record QuizSubmission(QuizSubmitResult Result, string Message, int? AttemptId = null, QuizGrade? Grade = null);

/// <summary>An attempt started and not submitted: what it asks, in which order, and the answers saved so far.</summary>
public sealed record OpenAttempt(int Id, AttemptLayout Layout, IReadOnlyList<QuestionAnswer> Draft);

/// <summary>
/// Where a learner stands on a quiz: submitted attempts, attempts left, when the cooldown ends, the open attempt.
/// <paramref name="StaleOpen"/>: an attempt was open when the quiz changed; starting again replaces it.
/// </summary>
public sealed record QuizStatus(int Used, int? Left, DateTime? WaitUntilUtc, OpenAttempt? Open, bool StaleOpen, bool Passed)
{
    public bool CanStart => Open is null && Left is not 0 && WaitUntilUtc is null;
}

/// <summary>
/// Quiz attempts. «Comenzar evaluación» (<see cref="StartAsync"/>) creates the attempt with its draw and order; the
/// quiz page only reads it; <see cref="SubmitAsync"/> grades it on the server against that order. Only submitted
/// attempts count toward <c>max_attempts</c> and <c>cooldown</c>. Both steps lock the enrollment row first, so
/// parallel tabs are served one after the other.
/// </summary>
public sealed class TakeQuiz(ScariDbContext db, TimeProvider clock, CourseCompletion completion, QuizRandom random)
{
    public async Task<QuizStatus> StatusAsync(int enrollmentId, Quiz quiz, CancellationToken ct)
    {
        var rows = new List<StatusRow>();
        await foreach (var row in StatusQuery.For(db)(db, enrollmentId, quiz.Id).WithCancellation(ct)) rows.Add(row);
        var submitted = rows.Where(r => r.SubmittedUtc is not null).ToList();
        var open = rows.FirstOrDefault(r => r.SubmittedUtc is null);
        OpenAttempt? current = null;
        if (open is not null && open.QuizFingerprint == quiz.Fingerprint && AttemptLayout.FromJson(open.LayoutJson) is { } layout && layout.FitsIn(quiz))
            current = new OpenAttempt(open.Id, layout, ReadAnswers(open.AnswersJson));
        var left = AttemptsLeft(quiz, submitted.Count);
        DateTime? wait = null;
        if (quiz.Cooldown is { } cooldown && submitted.Count > 0)
        {
            var until = submitted.Max(r => r.SubmittedUtc!.Value) + cooldown;
            if (until > clock.GetUtcNow().UtcDateTime) wait = until;
        }
        return new QuizStatus(submitted.Count, left, wait, current, open is not null && current is null, submitted.Any(r => r.Passed));
    }

    private sealed record StatusRow(int Id, DateTime? SubmittedUtc, bool Passed, string? LayoutJson, string AnswersJson, string QuizFingerprint);

    // Read on every quiz page of a learner: compiled once per provider model.
    private static readonly CompiledPerModel<Func<ScariDbContext, int, string, IAsyncEnumerable<StatusRow>>> StatusQuery = new(() =>
        EF.CompileAsyncQuery((ScariDbContext db, int enrollmentId, string quizId) =>
            db.QuizAttempts.AsNoTracking()
                .Where(a => a.EnrollmentId == enrollmentId && a.QuizId == quizId)
                .Select(a => new StatusRow(a.Id, a.SubmittedUtc, a.Passed, a.LayoutJson, a.AnswersJson, a.QuizFingerprint))));

    /// <summary>Starts an attempt, or returns the open one. Refused when no attempt is left or the cooldown has not ended.</summary>
    public async Task<QuizSubmission> StartAsync(LearnerCourse course, Quiz quiz, CancellationToken ct)
    {
        if (course.Outline.Find(quiz.Id) is not { Kind: OutlineItemKind.Quiz })
            return new(QuizSubmitResult.NotInCourse, NotInCourseMessage);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(course.EnrollmentId, quiz.Id, ct);
        var status = await StatusAsync(course.EnrollmentId, quiz, ct);
        if (status.Open is { } open) return new(QuizSubmitResult.Started, "", open.Id);
        if (status.Left == 0) return new(QuizSubmitResult.NoAttemptsLeft, NoAttemptsLeftMessage(quiz.MaxAttempts!.Value));
        if (status.WaitUntilUtc is { } until) return new(QuizSubmitResult.Waiting, WaitMessage(until));
        if (status.StaleOpen)
            await db.QuizAttempts.Where(a => a.EnrollmentId == course.EnrollmentId && a.QuizId == quiz.Id && a.SubmittedUtc == null).ExecuteDeleteAsync(ct);
        var attempt = new QuizAttempt
        {
            EnrollmentId = course.EnrollmentId,
            QuizId = quiz.Id,
            StartedUtc = clock.GetUtcNow().UtcDateTime,
            LayoutJson = random.Draw(quiz).ToJson(),
            QuizFingerprint = quiz.Fingerprint,
        };
        db.QuizAttempts.Add(attempt);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(QuizSubmitResult.Started, "", attempt.Id);
    }

    /// <param name="shown">Per shown position: the shown positions of the options chosen, or the text typed.</param>
    public async Task<QuizSubmission> SubmitAsync(LearnerCourse course, Quiz quiz, int attemptId,
        IReadOnlyDictionary<int, (IReadOnlyList<int> Chosen, string? Typed)> shown, CancellationToken ct)
    {
        if (course.Outline.Find(quiz.Id) is not { Kind: OutlineItemKind.Quiz })
            return new(QuizSubmitResult.NotInCourse, NotInCourseMessage);
        var attempt = await db.QuizAttempts.AsNoTracking()
            .SingleOrDefaultAsync(a => a.Id == attemptId && a.EnrollmentId == course.EnrollmentId && a.QuizId == quiz.Id, ct);
        if (attempt is null)
            return new(QuizSubmitResult.NotOpen, "Ese intento no existe. Comience la evaluación desde su página.");
        if (attempt.SubmittedUtc is not null)
            return new(QuizSubmitResult.NotOpen, "Este intento ya se había enviado (quizá desde otra pestaña): este es su resultado.", attempt.Id);
        var layout = AttemptLayout.FromJson(attempt.LayoutJson);
        if (layout is null || attempt.QuizFingerprint != quiz.Fingerprint || !layout.FitsIn(quiz))
            return new(QuizSubmitResult.NotOpen, "Las preguntas de esta evaluación cambiaron mientras usted la respondía: comience un intento nuevo.");

        var answers = layout.ToFileAnswers(quiz, shown);
        if (answers.Values.All(a => a.IsEmpty))
            return new(QuizSubmitResult.NothingAnswered, "No respondió ninguna pregunta: elija una opción o escriba una respuesta antes de enviar.");
        if (QuizGrader.UnreadableAnswer(quiz, layout.Asked, answers) is { } unreadable)
        {
            // Kept with the open attempt, so the form comes back as the learner left it.
            var draft = WriteAnswers(quiz, layout, answers);
            await db.QuizAttempts.Where(a => a.Id == attemptId && a.SubmittedUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.AnswersJson, draft), ct);
            return new(QuizSubmitResult.Unreadable, unreadable);
        }
        var grade = QuizGrader.Grade(quiz, layout.Asked, answers);
        var json = WriteAnswers(quiz, layout, answers);
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await LockAsync(course.EnrollmentId, quiz.Id, ct);
            // This attempt counts once it is sent: refused only when the others already used every attempt.
            if (quiz.MaxAttempts is { } max && AttemptsLeft(quiz, await db.QuizAttempts.CountAsync(a =>
                    a.EnrollmentId == course.EnrollmentId && a.QuizId == quiz.Id && a.SubmittedUtc != null && a.Id != attemptId, ct)) == 0)
                return new(QuizSubmitResult.NoAttemptsLeft, NoAttemptsLeftMessage(max));
            // Only one of two tabs submitting the same attempt finds it still open.
            var closed = await db.QuizAttempts.Where(a => a.Id == attemptId && a.SubmittedUtc == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.SubmittedUtc, now)
                    .SetProperty(a => a.Score, grade.Score)
                    .SetProperty(a => a.Passed, grade.Passed)
                    .SetProperty(a => a.AnswersJson, json), ct);
            if (closed == 0)
                return new(QuizSubmitResult.NotOpen, "Este intento ya se había enviado (quizá desde otra pestaña): este es su resultado.", attemptId);
            await tx.CommitAsync(ct);
        }
        if (grade.Passed) await completion.TryCompleteAsync(course.EnrollmentId, ct);
        return new(QuizSubmitResult.Graded, grade.Passed ? "Aprobó la evaluación." : "No alcanzó el puntaje mínimo.", attemptId, grade);
    }

    /// <summary>The one attempts rule: attempts left after <paramref name="submitted"/> sent ones; null when the quiz has no limit.</summary>
    public static int? AttemptsLeft(Quiz quiz, int submitted) => quiz.MaxAttempts is { } max ? Math.Max(0, max - submitted) : null;

    public Task<int> AttemptsUsedAsync(int enrollmentId, string quizId, CancellationToken ct) =>
        db.QuizAttempts.CountAsync(a => a.EnrollmentId == enrollmentId && a.QuizId == quizId && a.SubmittedUtc != null, ct);

    /// <summary>Writing the enrollment row locks it until commit: two tabs are counted one after the other.</summary>
    private Task LockAsync(int enrollmentId, string quizId, CancellationToken ct) =>
        db.Enrollments.Where(e => e.Id == enrollmentId).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastLessonId, quizId), ct);

    private const string NotInCourseMessage = "Esta evaluación no hace parte de la versión del curso en la que usted está inscrito.";

    public static string NoAttemptsLeftMessage(int max) =>
        $"Ya usó los {max} intentos permitidos de esta evaluación. Si necesita otro, hable con su coordinador o tutor.";

    public static string WaitMessage(DateTime untilUtc) =>
        $"Debe esperar antes del próximo intento: podrá comenzarlo desde el {Bogota.Format(untilUtc)} Mientras tanto, repase las lecciones.";

    /// <summary>One JSON element per shown question, in the layout's order: the chosen option indexes of the file, or the text typed.</summary>
    private static string WriteAnswers(Quiz quiz, AttemptLayout layout, IReadOnlyDictionary<int, QuestionAnswer> answers) =>
        new JsonArray(layout.Questions.Select(q =>
        {
            var answer = answers.GetValueOrDefault(q.Question) ?? QuestionAnswer.None;
            return quiz.Questions[q.Question].Answer is null
                ? (JsonNode)new JsonArray(answer.Chosen.Order().Select(i => (JsonNode?)i).ToArray())
                : JsonValue.Create(answer.Typed?.Trim() ?? "");
        }).ToArray()).ToJsonString();

    /// <summary>Reads the answers stored with an attempt (<see cref="WriteAnswers"/>), in the layout's order.</summary>
    public static IReadOnlyList<QuestionAnswer> ReadAnswers(string json) =>
        JsonNode.Parse(json) is JsonArray array
            ? array.Select(node => node switch
            {
                JsonArray chosen => new QuestionAnswer(chosen.Select(i => i!.GetValue<int>()).ToList()),
                JsonValue text when text.TryGetValue<string>(out var typed) => new QuestionAnswer([], typed),
                _ => QuestionAnswer.None,
            }).ToList()
            : [];
}
