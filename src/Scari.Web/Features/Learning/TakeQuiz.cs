using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

public enum QuizSubmitResult { Graded, NotInCourse, NoAttemptsLeft, NothingAnswered }

public sealed record QuizSubmission(QuizSubmitResult Result, string Message, int? AttemptId = null, QuizGrade? Grade = null);

/// <summary>Submits a quiz attempt: graded on the server, stored with its answers, score and time.</summary>
public sealed class TakeQuiz(ScariDbContext db, TimeProvider clock, CourseCompletion completion)
{
    public Task<int> AttemptsUsedAsync(int enrollmentId, string quizId, CancellationToken ct) =>
        db.QuizAttempts.CountAsync(a => a.EnrollmentId == enrollmentId && a.QuizId == quizId, ct);

    public async Task<QuizSubmission> SubmitAsync(LearnerCourse course, Quiz quiz, IReadOnlyDictionary<int, IReadOnlyCollection<int>> answers,
        CancellationToken ct)
    {
        if (course.Outline.Find(quiz.Id) is not { Kind: OutlineItemKind.Quiz })
            return new(QuizSubmitResult.NotInCourse, "Esta evaluación no hace parte de la versión del curso en la que usted está inscrito.");
        if (answers.Values.All(a => a.Count == 0))
            return new(QuizSubmitResult.NothingAnswered, "No marcó ninguna respuesta: elija al menos una opción antes de enviar.");
        var grade = QuizGrader.Grade(quiz, answers);
        var attempt = new QuizAttempt
        {
            EnrollmentId = course.EnrollmentId,
            QuizId = quiz.Id,
            SubmittedUtc = clock.GetUtcNow().UtcDateTime,
            Score = grade.Score,
            Passed = grade.Passed,
            AnswersJson = JsonSerializer.Serialize(grade.Questions.Select(q => q.Chosen)),
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

    /// <summary>Reads the answers stored with an attempt: the chosen option indexes per question, in question order.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> ReadAnswers(string json) =>
        JsonSerializer.Deserialize<List<List<int>>>(json)?.Select(l => (IReadOnlyList<int>)l).ToList() ?? [];
}
