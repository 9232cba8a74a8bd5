using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Enrollment;

namespace Scari.Web.Features.Learning;

/// <summary>A learner's active enrollment in one course, with what is done.</summary>
public sealed record LearnerCourse(int EnrollmentId, int CourseVersionId, DateTime? CompletedUtc, string? LastLessonId,
    IReadOnlySet<string> LessonsDone, IReadOnlySet<string> QuizzesPassed, CourseOutline Outline)
{
    public bool IsDone(string itemId) => LessonsDone.Contains(itemId) || QuizzesPassed.Contains(itemId);
    public ProgressFigure Progress => new(Outline.Items.Count(i => IsDone(i.Id)), Outline.Items.Count);

    /// <summary>Where "Continuar" goes: the first unfinished item, else the last lesson opened, else the first item.</summary>
    public string? ResumeItemId =>
        Outline.Items.FirstOrDefault(i => !IsDone(i.Id))?.Id ?? LastLessonId ?? Outline.Items.FirstOrDefault()?.Id;
}

/// <summary>Lesson progress of a learner: marking lessons done and reading where they stand.</summary>
public sealed class LearnerProgress(ScariDbContext db, TimeProvider clock, CourseOutlines outlines, CourseCompletion completion)
{
    /// <summary>The person behind a signed-in account, or null for staff without a person.</summary>
    public Task<int?> PersonOfAsync(string? userId, CancellationToken ct) =>
        userId is null ? Task.FromResult<int?>(null)
            : db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).SingleOrDefaultAsync(ct);

    /// <summary>The signed-in user's active enrollment in the course, or null (anonymous, staff without a person, not enrolled).</summary>
    public async Task<LearnerCourse?> ForUserAsync(System.Security.Claims.ClaimsPrincipal user, string courseId, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (userId is null) return null;
        // One round trip from the account to its active enrollment: this runs on every lesson page a learner opens.
        return await LoadAsync(db.Users.Where(u => u.Id == userId && u.PersonId != null)
            .SelectMany(u => db.Enrollments.Where(x => x.PersonId == u.PersonId && x.CourseId == courseId && x.WithdrawnUtc == null)), ct);
    }

    public Task<LearnerCourse?> ActiveAsync(int personId, string courseId, CancellationToken ct) =>
        LoadAsync(db.Enrollments.Where(x => x.PersonId == personId && x.CourseId == courseId && x.WithdrawnUtc == null), ct);

    private async Task<LearnerCourse?> LoadAsync(IQueryable<Enrollment.Enrollment> active, CancellationToken ct)
    {
        var e = await active.AsNoTracking()
            .Select(x => new { x.Id, x.CourseVersionId, x.CompletedUtc, x.LastLessonId })
            .SingleOrDefaultAsync(ct);
        if (e is null) return null;
        // Lessons done and quizzes passed in one query; item ids are unique within a course version.
        var done = await db.LessonProgress.Where(p => p.EnrollmentId == e.Id).Select(p => p.LessonId)
            .Concat(db.QuizAttempts.Where(a => a.EnrollmentId == e.Id && a.Passed).Select(a => a.QuizId))
            .ToListAsync(ct);
        var outline = await outlines.GetAsync(e.CourseVersionId, ct);
        var quizIds = outline.Quizzes.Select(q => q.Id).ToHashSet();
        return new LearnerCourse(e.Id, e.CourseVersionId, e.CompletedUtc, e.LastLessonId,
            done.Where(id => !quizIds.Contains(id)).ToHashSet(), done.Where(quizIds.Contains).ToHashSet(), outline);
    }

    /// <summary>Marks a lesson of the enrollment's version done (idempotent) and completes the course if it was the last step.</summary>
    public async Task<bool> MarkLessonDoneAsync(LearnerCourse course, string lessonId, CancellationToken ct)
    {
        if (course.Outline.Find(lessonId) is not { Kind: OutlineItemKind.Lesson }) return false;
        if (!course.LessonsDone.Contains(lessonId))
        {
            db.LessonProgress.Add(new LessonProgress { EnrollmentId = course.EnrollmentId, LessonId = lessonId, CompletedUtc = clock.GetUtcNow().UtcDateTime });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException ex) when (db.IsOn<LessonProgress>(ex, nameof(LessonProgress.EnrollmentId), nameof(LessonProgress.LessonId))) { db.ChangeTracker.Clear(); }
        }
        await RememberAsync(course.EnrollmentId, lessonId, ct);
        await completion.TryCompleteAsync(course.EnrollmentId, ct);
        return true;
    }

    /// <summary>Remembers the lesson the learner opened, to resume there.</summary>
    public Task RememberAsync(int enrollmentId, string itemId, CancellationToken ct) =>
        db.Enrollments.Where(e => e.Id == enrollmentId && e.LastLessonId != itemId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LastLessonId, itemId), ct);
}
