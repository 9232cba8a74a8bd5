using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Content;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

/// <summary>
/// The result of one quiz attempt. Only the learner who made it sees it. After a failed attempt it shows the score and,
/// per question, the stem, right or wrong and the lesson to review, never the options or the feedback (a retry would be a
/// lookup); the full review comes after passing or when no attempt is left, as the quiz's <c>review</c> says.
/// </summary>
[Authorize]
public sealed class QuizResultModel(ScariDbContext db, CourseCatalog catalog, LearnerProgress progress) : PageModel
{
    /// <param name="Options">The question's options in the order the learner saw them.</param>
    public sealed record QuestionView(Question Question, bool Correct, QuestionAnswer Answer, Lesson? Lesson, IReadOnlyList<Option> Options);

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
    /// <summary>Options, choices and feedback are shown (else only stems, right or wrong, and lessons to review).</summary>
    public bool FullReview { get; private set; }
    public bool CourseCompleted { get; private set; }
    /// <summary>The certificate, once the course is completed: the last step's result offers it there and then.</summary>
    public CertificateOffer? Certificate { get; private set; }

    public async Task<IActionResult> OnGetAsync(string curso, string leccion, int intento, CancellationToken ct)
    {
        if (catalog.Find(curso) is not { } course || course.FindItem(leccion) is not Quiz quiz) return NotFound();
        var personId = await progress.PersonOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        if (personId is null) return NotFound();
        var attempt = await db.QuizAttempts.AsNoTracking()
            .Where(a => a.Id == intento && a.QuizId == leccion && a.SubmittedUtc != null)
            .Join(db.Enrollments, a => a.EnrollmentId, e => e.Id, (a, e) => new { a, e.PersonId, e.CourseId, e.CompletedUtc })
            .Where(x => x.PersonId == personId && x.CourseId == curso)
            .SingleOrDefaultAsync(ct);
        if (attempt is null) return NotFound();

        Course = course;
        Quiz = quiz;
        Score = attempt.a.Score;
        Passed = attempt.a.Passed;
        SubmittedUtc = attempt.a.SubmittedUtc!.Value;
        CourseCompleted = attempt.CompletedUtc is not null;
        if (CourseCompleted) Certificate = await CertificateOffer.ForEnrollmentAsync(db, attempt.a.EnrollmentId, ct);
        PassedBefore = !Passed && await db.QuizAttempts.AnyAsync(a => a.EnrollmentId == attempt.a.EnrollmentId && a.QuizId == leccion && a.Passed, ct);
        var layout = AttemptLayout.FromJson(attempt.a.LayoutJson) ?? AttemptLayout.Identity(quiz);
        QuizChanged = attempt.a.QuizFingerprint != quiz.Fingerprint || !layout.FitsIn(quiz);
        if (!QuizChanged)
        {
            // Answers are stored per shown position (attempts before layouts: per question, all of them in file order).
            var answers = TakeQuiz.ReadAnswers(attempt.a.AnswersJson);
            var given = new Dictionary<int, QuestionAnswer>();
            for (var p = 0; p < layout.Questions.Count && p < answers.Count; p++) given[layout.Questions[p].Question] = answers[p];
            Questions = QuizGrader.Grade(quiz, layout.Asked, given).Questions.Select((g, p) =>
            {
                var question = quiz.Questions[g.Index];
                return new QuestionView(question, g.Correct, given.GetValueOrDefault(g.Index) ?? QuestionAnswer.None,
                    question.LessonId is { } lessonId ? course.FindItem(lessonId) as Lesson : null,
                    layout.Questions[p].Options.Select(o => question.Options[o]).ToList());
            }).ToList();
        }
        if (quiz.MaxAttempts is not null)
            AttemptsLeft = TakeQuiz.AttemptsLeft(quiz, await db.QuizAttempts.CountAsync(a => a.EnrollmentId == attempt.a.EnrollmentId && a.QuizId == leccion && a.SubmittedUtc != null, ct));
        FullReview = quiz.Review switch
        {
            ReviewPolicy.Always => true,
            ReviewPolicy.Never => false,
            _ => Passed || PassedBefore || AttemptsLeft == 0,
        };
        Next = course.Neighbours(quiz).Next;
        return Page();
    }
}
