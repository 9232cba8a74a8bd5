using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Shared;

namespace Scari.Web.Features.Enrollment;

public sealed record EnrollmentRow(int Id, int PersonId, string PersonName, People.DocumentType DocumentType, string DocumentNumber, string CourseId, string CourseTitle,
    int CourseVersionId, string? CohortName, DateTime EnrolledUtc, DateTime? CompletedUtc, DateTime? WithdrawnUtc, int DoneCount)
{
    public ProgressFigure Progress { get; init; }
    public string Document => $"{DocumentType} {DocumentNumber}";

    public string Status => WithdrawnUtc is not null ? "Retirada" : CompletedUtc is not null ? "Terminado" : "En curso";
}

/// <summary>Enrollment lists with progress for staff pages: one query with the counts done in SQL, totals from the outline.</summary>
public static class EnrollmentRows
{
    private static IOrderedQueryable<Enrollment> Ordered(IQueryable<Enrollment> enrollments) =>
        enrollments.AsNoTracking().OrderBy(e => e.WithdrawnUtc != null).ThenByDescending(e => e.EnrolledUtc).ThenBy(e => e.Id);

    /// <summary>One page (50 rows) of the list: active first, newest first, then by id; total counted in SQL.</summary>
    public static async Task<Paged<EnrollmentRow>> PageAsync(this IQueryable<Enrollment> enrollments, ScariDbContext db,
        CourseOutlines outlines, int page, CancellationToken ct)
    {
        var (total, shown, slice) = await Ordered(enrollments).SliceAsync(page, ct);
        return new Paged<EnrollmentRow>(await ProjectAsync(slice, db, outlines, ct), total, shown, Paging.PageSize);
    }

    private static async Task<List<EnrollmentRow>> ProjectAsync(IQueryable<Enrollment> enrollments, ScariDbContext db,
        CourseOutlines outlines, CancellationToken ct)
    {
        var rows = await enrollments
            .Select(e => new EnrollmentRow(e.Id, e.PersonId, e.Person.GivenNames + " " + e.Person.FamilyNames,
                e.Person.DocumentType, e.Person.DocumentNumber, e.CourseId, e.CourseVersion.Title,
                e.CourseVersionId, e.Cohort != null ? e.Cohort.Name : null, e.EnrolledUtc, e.CompletedUtc, e.WithdrawnUtc,
                db.LessonProgress.Count(p => p.EnrollmentId == e.Id)
                + db.QuizAttempts.Where(a => a.EnrollmentId == e.Id && a.Passed).Select(a => a.QuizId).Distinct().Count()))
            .ToListAsync(ct);
        var result = new List<EnrollmentRow>(rows.Count);
        foreach (var row in rows)
        {
            var outline = await outlines.GetAsync(row.CourseVersionId, ct);
            result.Add(row with { Progress = new ProgressFigure(Math.Min(row.DoneCount, outline.Items.Count), outline.Items.Count) });
        }
        return result;
    }
}

/// <summary>The model of the shared enrollments table partial.</summary>
public sealed record EnrollmentTable(IReadOnlyList<EnrollmentRow> Rows, bool CanManage, string Caption, bool ShowCourse = true);
