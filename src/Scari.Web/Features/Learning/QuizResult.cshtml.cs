using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

/// <summary>The result of one quiz attempt, with feedback per question. Only the learner who made it sees it.</summary>
[Authorize]
public sealed class QuizResultModel(ScariDbContext db, CourseCatalog catalog, LearnerProgress progress) : PageModel
{
    public sealed record QuestionView(Question Question, bool Correct, IReadOnlyList<int> Chosen);

    public Course Course { get; private set; } = null!;
    public Quiz Quiz { get; private set; } = null!;
    public int Score { get; private set; }
    public bool Passed { get; private set; }
    public bool PassedBefore { get; private set; }
    public DateTime SubmittedUtc { get; private set; }
    public List<QuestionView> Questions { get; private set; } = [];
    /// <summary>The quiz's questions, options or answers changed after this attempt: its per-question feedback would be wrong.</summary>
    public bool QuizChanged { get; private set; }
    public int? AttemptsLeft { get; private set; }
    public CourseItem? Next { get; private set; }
    public bool CourseCompleted { get; private set; }

    public async Task<IActionResult> OnGetAsync(string curso, string leccion, int intento, CancellationToken ct)
    {
        if (catalog.Find(curso) is not { } course || course.FindItem(leccion) is not Quiz quiz) return NotFound();
        var personId = await progress.PersonOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        if (personId is null) return NotFound();
        var attempt = await db.QuizAttempts.AsNoTracking()
            .Where(a => a.Id == intento && a.QuizId == leccion)
            .Join(db.Enrollments, a => a.EnrollmentId, e => e.Id, (a, e) => new { a, e.PersonId, e.CourseId, e.CompletedUtc })
            .Where(x => x.PersonId == personId && x.CourseId == curso)
            .SingleOrDefaultAsync(ct);
        if (attempt is null) return NotFound();

        Course = course;
        Quiz = quiz;
        Score = attempt.a.Score;
        Passed = attempt.a.Passed;
        SubmittedUtc = attempt.a.SubmittedUtc;
        CourseCompleted = attempt.CompletedUtc is not null;
        PassedBefore = !Passed && await db.QuizAttempts.AnyAsync(a => a.EnrollmentId == attempt.a.EnrollmentId && a.QuizId == leccion && a.Passed, ct);
        QuizChanged = attempt.a.QuizFingerprint != quiz.Fingerprint;
        var answers = TakeQuiz.ReadAnswers(attempt.a.AnswersJson);
        if (!QuizChanged) Questions = quiz.Questions.Select(q =>
        {
            var chosen = q.Index < answers.Count ? answers[q.Index] : [];
            var correct = q.Options.Where(o => o.Correct).Select(o => o.Index).Order().SequenceEqual(chosen.Order());
            return new QuestionView(q, correct, chosen);
        }).ToList();
        if (quiz.MaxAttempts is { } max)
            AttemptsLeft = Math.Max(0, max - await db.QuizAttempts.CountAsync(a => a.EnrollmentId == attempt.a.EnrollmentId && a.QuizId == leccion, ct));
        Next = course.Neighbours(quiz).Next;
        return Page();
    }
}
