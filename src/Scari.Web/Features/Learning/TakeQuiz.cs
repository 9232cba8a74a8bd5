using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

public enum QuizSubmitResult { Graded, NotInCourse, NoAttemptsLeft, NothingAnswered, Unreadable }

public sealed record QuizSubmission(QuizSubmitResult Result, string Message, int? AttemptId = null, QuizGrade? Grade = null);

/// <summary>Submits a quiz attempt: graded on the server, stored with its answers, score and time.</summary>
public sealed class TakeQuiz(ScariDbContext db, TimeProvider clock, CourseCompletion completion)
{
    public Task<int> AttemptsUsedAsync(int enrollmentId, string quizId, CancellationToken ct) =>
        db.QuizAttempts.CountAsync(a => a.EnrollmentId == enrollmentId && a.QuizId == quizId, ct);

    public Task<QuizSubmission> SubmitAsync(LearnerCourse course, Quiz quiz, IReadOnlyDictionary<int, IReadOnlyCollection<int>> answers,
        CancellationToken ct) =>
        SubmitAsync(course, quiz, answers.ToDictionary(a => a.Key, a => new QuestionAnswer(a.Value.ToList())), ct);

    public async Task<QuizSubmission> SubmitAsync(LearnerCourse course, Quiz quiz, IReadOnlyDictionary<int, QuestionAnswer> answers,
        CancellationToken ct)
    {
        if (course.Outline.Find(quiz.Id) is not { Kind: OutlineItemKind.Quiz })
            return new(QuizSubmitResult.NotInCourse, "Esta evaluación no hace parte de la versión del curso en la que usted está inscrito.");
        if (answers.Values.All(a => a.IsEmpty))
            return new(QuizSubmitResult.NothingAnswered, "No respondió ninguna pregunta: elija una opción o escriba una respuesta antes de enviar.");
        var asked = quiz.Questions.Select(q => q.Index).ToList();
        if (QuizGrader.UnreadableAnswer(quiz, asked, answers) is { } unreadable)
            return new(QuizSubmitResult.Unreadable, unreadable);
        var grade = QuizGrader.Grade(quiz, asked, answers);
        var attempt = new QuizAttempt
        {
            EnrollmentId = course.EnrollmentId,
            QuizId = quiz.Id,
            SubmittedUtc = clock.GetUtcNow().UtcDateTime,
            Score = grade.Score,
            Passed = grade.Passed,
            AnswersJson = WriteAnswers(quiz, grade),
            QuizFingerprint = quiz.Fingerprint,
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // Writing the enrollment row first locks it until commit, so two tabs submitting at once are counted
            // one after the other and cannot both slip under the maximum of attempts.
            await db.Enrollments.Where(e => e.Id == course.EnrollmentId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.LastLessonId, quiz.Id), ct);
            if (quiz.MaxAttempts is { } max && await AttemptsUsedAsync(course.EnrollmentId, quiz.Id, ct) >= max)
                return new(QuizSubmitResult.NoAttemptsLeft, NoAttemptsLeftMessage(max));
            db.QuizAttempts.Add(attempt);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        if (grade.Passed) await completion.TryCompleteAsync(course.EnrollmentId, ct);
        return new(QuizSubmitResult.Graded, grade.Passed ? "Aprobó la evaluación." : "No alcanzó el puntaje mínimo.", attempt.Id, grade);
    }

    public static string NoAttemptsLeftMessage(int max) =>
        $"Ya usó los {max} intentos permitidos de esta evaluación. Si necesita otro, hable con su coordinador o tutor.";

    /// <summary>One JSON element per question in question order: the chosen option indexes, or the text typed.</summary>
    private static string WriteAnswers(Quiz quiz, QuizGrade grade) =>
        new JsonArray(grade.Questions.Select(g => quiz.Questions[g.Index].Answer is null
            ? (JsonNode)new JsonArray(g.Chosen.Select(i => (JsonNode?)i).ToArray())
            : JsonValue.Create(g.Typed ?? "")).ToArray()).ToJsonString();

    /// <summary>Reads the answers stored with an attempt (<see cref="WriteAnswers"/>), in question order.</summary>
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
