using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
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
/// <remarks>
/// It runs on every lesson page a learner opens, so its reads are compiled queries (<see cref="CompiledPerModel{TSet}"/>)
/// and it does not build what only marking needs (<see cref="CourseCompletion"/> and the certificate issuer behind it,
/// resolved from the request's services when a lesson is marked).
/// </remarks>
public sealed class LearnerProgress(ScariDbContext db, TimeProvider clock, CourseOutlines outlines, IServiceProvider services)
{
    /// <summary>The active enrollment with one item done (a lesson done or a quiz passed), or none: one row per item.</summary>
    private sealed record ActiveRow(int Id, int CourseVersionId, DateTime? CompletedUtc, string? LastLessonId, string? DoneId);

    private sealed class Queries
    {
        public required Func<ScariDbContext, string, CancellationToken, Task<int?>> PersonOf { get; init; }
        public required Func<ScariDbContext, int, string, IAsyncEnumerable<ActiveRow>> Active { get; init; }
    }

    private static readonly CompiledPerModel<Queries> Compiled = new(() => new Queries
    {
        PersonOf = EF.CompileAsyncQuery((ScariDbContext db, string userId, CancellationToken ct) =>
            db.Users.Where(u => u.Id == userId).Select(u => u.PersonId).SingleOrDefault()),
        // The enrollment and what is done in ONE round trip (it runs on every lesson page a learner opens): the active
        // enrollment left-joined to its lessons done and its quiz attempts, the id of a failed one null (item ids are
        // unique within a course version).
        Active = EF.CompileAsyncQuery((ScariDbContext db, int personId, string courseId) =>
            from e in db.Enrollments.AsNoTracking().Where(x => x.PersonId == personId && x.CourseId == courseId && x.WithdrawnUtc == null)
            // "Passed" is tested in the projection, not in a WHERE: PostgreSQL then flattens the UNION ALL and reads both
            // sides through their EnrollmentId indexes (with the WHERE it scanned every attempt: 50 ms over 600,000).
            join d in db.LessonProgress.Select(p => new { p.EnrollmentId, Id = (string?)p.LessonId })
                .Concat(db.QuizAttempts.Select(a => new { a.EnrollmentId, Id = a.Passed ? a.QuizId : null }))
                on e.Id equals d.EnrollmentId into done
            from d in done.DefaultIfEmpty()
            select new ActiveRow(e.Id, e.CourseVersionId, e.CompletedUtc, e.LastLessonId, d == null ? null : d.Id)),
    });

    /// <summary>The person behind a signed-in account, or null for staff without a person.</summary>
    public Task<int?> PersonOfAsync(string? userId, CancellationToken ct) =>
        userId is null ? Task.FromResult<int?>(null) : Compiled.For(db).PersonOf(db, userId, ct);

    /// <summary>
    /// The account's active enrollment in the course, or null (anonymous, staff without a person, not enrolled). The
    /// account's person was read with its session (<see cref="CurrentAccount"/>): with it, two round trips, both compiled.
    /// </summary>
    public Task<LearnerCourse?> ForAccountAsync(CurrentAccount account, string courseId, CancellationToken ct) =>
        account.PersonId is { } personId ? ActiveAsync(personId, courseId, ct) : Task.FromResult<LearnerCourse?>(null);

    public async Task<LearnerCourse?> ActiveAsync(int personId, string courseId, CancellationToken ct)
    {
        ActiveRow? e = null;
        var done = new List<string>();
        await foreach (var row in Compiled.For(db).Active(db, personId, courseId).WithCancellation(ct))
        {
            // One active enrollment per person and course (a unique index): every row carries the same one.
            e ??= row;
            if (row.DoneId is { } id) done.Add(id);
        }
        if (e is null) return null;
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
        await services.GetRequiredService<CourseCompletion>().TryCompleteAsync(course.EnrollmentId, ct);
        return true;
    }

    /// <summary>Remembers the lesson the learner opened, to resume there.</summary>
    public Task RememberAsync(int enrollmentId, string itemId, CancellationToken ct) =>
        db.Enrollments.Where(e => e.Id == enrollmentId && e.LastLessonId != itemId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.LastLessonId, itemId), ct);
}
