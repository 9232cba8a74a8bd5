using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Enrollment;

namespace Scari.Web.Features.Learning;

/// <summary>
/// Records the completion of an enrollment once every lesson of its course version is done and every quiz passed.
/// Exactly once: the unique index on Completions.EnrollmentId settles a double submit or two tabs, and the
/// loser reads the winner's row.
/// </summary>
public sealed class CourseCompletion(ScariDbContext db, TimeProvider clock, CourseOutlines outlines,
    CertificateIssuer certificates, Surveys.LearnerSurveys surveys, ILogger<CourseCompletion> logger)
{
    public async Task<Completion?> TryCompleteAsync(int enrollmentId, CancellationToken ct)
    {
        var existing = await ExistingAsync(enrollmentId, ct);
        if (existing is not null) return existing;

        var enrollment = await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollmentId)
            .Select(e => new { e.PersonId, e.CourseId, e.CourseVersionId, e.WithdrawnUtc, e.CourseVersion.Hours })
            .SingleOrDefaultAsync(ct);
        if (enrollment is null || enrollment.WithdrawnUtc is not null) return null;

        var outline = await outlines.GetAsync(enrollment.CourseVersionId, ct);
        if (outline.Items.Count == 0) return null;
        var lessonsDone = await db.LessonProgress.Where(p => p.EnrollmentId == enrollmentId).Select(p => p.LessonId).ToListAsync(ct);
        var quizzesPassed = await db.QuizAttempts.Where(a => a.EnrollmentId == enrollmentId && a.Passed)
            .Select(a => a.QuizId).Distinct().ToListAsync(ct);
        if (!outline.Lessons.All(l => lessonsDone.Contains(l.Id)) || !outline.Quizzes.All(q => quizzesPassed.Contains(q.Id)))
            return null;

        var now = clock.GetUtcNow().UtcDateTime;
        var completion = new Completion
        {
            PersonId = enrollment.PersonId,
            CourseId = enrollment.CourseId,
            CourseVersionId = enrollment.CourseVersionId,
            EnrollmentId = enrollmentId,
            Source = CompletionSource.Online,
            CompletedUtc = now,
            Hours = enrollment.Hours,
        };
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Completions.Add(completion);
            // The impact survey's invitation, if the course has one, is queued with the completion, due weeks later.
            await surveys.QueueImpactInvitationAsync(enrollment.PersonId, enrollment.CourseId, now, ct);
            await db.SaveChangesAsync(ct);
            await db.Enrollments.Where(e => e.Id == enrollmentId)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.CompletedUtc, now), ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<Completion>(ex, nameof(Completion.EnrollmentId)))
        {
            db.ChangeTracker.Clear();
            return await ExistingAsync(enrollmentId, ct);
        }
        await AfterFirstCompletionAsync(completion, ct);
        return completion;
    }

    /// <summary>
    /// Runs once per enrollment, right after its completion is stored (never on a repeat): completion issues
    /// the certificate. The completion stands even if issuing fails (e.g. scari.yaml lacks the signatory);
    /// the learner can then get it later from Mi aprendizaje, which issues it on demand.
    /// </summary>
    private async Task AfterFirstCompletionAsync(Completion completion, CancellationToken ct)
    {
        try
        {
            await certificates.IssueAsync(completion.Id, ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException)
        {
            logger.LogError(ex, "No se pudo emitir el certificado de la finalización {CompletionId}.", completion.Id);
        }
    }

    private Task<Completion?> ExistingAsync(int enrollmentId, CancellationToken ct) =>
        db.Completions.AsNoTracking().SingleOrDefaultAsync(c => c.EnrollmentId == enrollmentId, ct);
}
