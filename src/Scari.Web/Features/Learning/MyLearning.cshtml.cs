using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

/// <summary>/mi-aprendizaje: the signed-in learner's courses with progress, status and certificate.</summary>
[Authorize]
public sealed class MyLearningModel(ScariDbContext db, LearnerProgress progress, CourseOutlines outlines, Surveys.LearnerSurveys surveys) : PageModel
{
    public sealed record Row(int EnrollmentId, string CourseId, string Title, int CourseVersionId, DateTime EnrolledUtc,
        DateTime? CompletedUtc, string? ResumeItemId, int DoneCount, int? CompletionId, string? CertificateCode,
        string? RevokedCode, DateTime? RevokedUtc, string? RevocationReason)
    {
        public ProgressFigure Progress { get; init; }
        public string? ResumeId { get; init; }
    }

    public bool HasPerson { get; private set; }
    public List<Row> Courses { get; private set; } = [];
    /// <summary>Surveys of completed courses not answered yet (online or in person): open, or impact surveys still to open.</summary>
    public List<Surveys.SurveyOffer> Surveys { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var personId = await progress.PersonOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        HasPerson = personId is not null;
        if (personId is null) return;
        Surveys = await surveys.PendingAsync(personId.Value, ct);

        var rows = await db.Enrollments.AsNoTracking()
            .Where(e => e.PersonId == personId && e.WithdrawnUtc == null)
            .OrderBy(e => e.CompletedUtc != null).ThenByDescending(e => e.EnrolledUtc)
            .Select(e => new Row(e.Id, e.CourseId, e.CourseVersion.Title, e.CourseVersionId, e.EnrolledUtc, e.CompletedUtc, e.LastLessonId,
                db.LessonProgress.Count(p => p.EnrollmentId == e.Id)
                + db.QuizAttempts.Where(a => a.EnrollmentId == e.Id && a.Passed).Select(a => a.QuizId).Distinct().Count(),
                db.Completions.Where(c => c.EnrollmentId == e.Id).Select(c => (int?)c.Id).FirstOrDefault(),
                db.Certificates.Where(c => c.Completion.EnrollmentId == e.Id && c.RevokedUtc == null).Select(c => c.Code).FirstOrDefault(),
                // A revocation that stands is final for the learner: the page says so instead of offering the certificate.
                db.Certificates.Where(c => c.Completion.EnrollmentId == e.Id && c.RevokedUtc != null && c.ReplacedByCertificateId == null)
                    .OrderByDescending(c => c.RevokedUtc).Select(c => c.Code).FirstOrDefault(),
                db.Certificates.Where(c => c.Completion.EnrollmentId == e.Id && c.RevokedUtc != null && c.ReplacedByCertificateId == null)
                    .OrderByDescending(c => c.RevokedUtc).Select(c => c.RevokedUtc).FirstOrDefault(),
                db.Certificates.Where(c => c.Completion.EnrollmentId == e.Id && c.RevokedUtc != null && c.ReplacedByCertificateId == null)
                    .OrderByDescending(c => c.RevokedUtc).Select(c => c.RevocationReason).FirstOrDefault()))
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            var outline = await outlines.GetAsync(row.CourseVersionId, ct);
            string? resume = row.ResumeItemId;
            if (row.CompletedUtc is null)
            {
                var learner = await progress.ActiveAsync(personId.Value, row.CourseId, ct);
                resume = learner?.ResumeItemId;
            }
            Courses.Add(row with { Progress = new ProgressFigure(Math.Min(row.DoneCount, outline.Items.Count), outline.Items.Count), ResumeId = resume });
        }
    }
}
