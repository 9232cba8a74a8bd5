using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.Learning;

/// <summary>/mi-aprendizaje: the signed-in learner's courses with progress, status and certificate.</summary>
[Authorize]
[CompressedForSignedIn]
public sealed class MyLearningModel(ScariDbContext db, LearnerProgress progress, CourseOutlines outlines, Surveys.LearnerSurveys surveys) : PageModel
{
    public sealed record Row(int EnrollmentId, string CourseId, string Title, int CourseVersionId, DateTime EnrolledUtc,
        DateTime? CompletedUtc, int DoneCount)
    {
        public CertificateOffer Certificate { get; init; } = null!;
        public ProgressFigure Progress { get; init; }
        /// <summary>Where "Continuar donde quedó" goes (courses in progress only).</summary>
        public OutlineItem? Resume { get; init; }
    }

    /// <summary>Training recorded without an enrollment here: attendance to sessions and imported history, with its origin.</summary>
    public sealed record OtherTraining(string Title, DateTime CompletedUtc, CompletionSource Source, bool Imported, int Hours, string? Certificate);

    public bool HasPerson { get; private set; }
    public List<OtherTraining> Other { get; private set; } = [];
    public List<Row> Courses { get; private set; } = [];
    /// <summary>Surveys of completed courses not answered yet (online or in person): open, or impact surveys still to open.</summary>
    public List<Surveys.SurveyOffer> Surveys { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var personId = await progress.PersonOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        HasPerson = personId is not null;
        if (personId is null) return;
        Surveys = await surveys.PendingAsync(personId.Value, ct);
        Other = await db.Completions.AsNoTracking()
            .Where(c => c.PersonId == personId && c.EnrollmentId == null && c.VoidedUtc == null)
            .OrderByDescending(c => c.CompletedUtc).ThenByDescending(c => c.Id)
            .Titled(db).Select(t => new OtherTraining(
                t.Title,
                t.Completion.CompletedUtc, t.Completion.Source, t.Completion.ImportId != null, t.Completion.Hours,
                db.Certificates.Where(x => x.CompletionId == t.Completion.Id && x.RevokedUtc == null && x.HolderSuppressedUtc == null).Select(x => x.Code).FirstOrDefault()))
            .ToListAsync(ct);

        var rows = await db.Enrollments.AsNoTracking()
            .Where(e => e.PersonId == personId && e.WithdrawnUtc == null)
            .OrderBy(e => e.CompletedUtc != null).ThenByDescending(e => e.EnrolledUtc)
            .Select(e => new Row(e.Id, e.CourseId, e.CourseVersion.Title, e.CourseVersionId, e.EnrolledUtc, e.CompletedUtc,
                db.LessonProgress.Count(p => p.EnrollmentId == e.Id)
                + db.QuizAttempts.Where(a => a.EnrollmentId == e.Id && a.Passed).Select(a => a.QuizId).Distinct().Count()))
            .ToListAsync(ct);
        var certificates = await CertificateOffer.Of(db, db.Enrollments.Where(e => e.PersonId == personId && e.WithdrawnUtc == null))
            .ToDictionaryAsync(c => c.EnrollmentId, ct);
        foreach (var row in rows)
        {
            var outline = await outlines.GetAsync(row.CourseVersionId, ct);
            // Read only: the resume point comes from recorded progress (first step not done, else the last one recorded).
            var resume = row.CompletedUtc is null && await progress.ActiveAsync(personId.Value, row.CourseId, ct) is { ResumeItemId: { } id }
                ? outline.Find(id) : null;
            Courses.Add(row with { Certificate = certificates[row.EnrollmentId], Progress = new ProgressFigure(Math.Min(row.DoneCount, outline.Items.Count), outline.Items.Count), Resume = resume });
        }
    }
}
