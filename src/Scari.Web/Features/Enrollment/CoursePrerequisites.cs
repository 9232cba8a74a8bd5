using Scari.Web.Content;

namespace Scari.Web.Features.Enrollment;

public sealed record RequiredCourse(string CourseId, string Title);

/// <summary>Which courses must be completed before enrolling in a course (front matter <c>prerequisites</c>).</summary>
public sealed class CoursePrerequisites(CourseCatalog catalog)
{
    public IReadOnlyList<RequiredCourse> Of(string courseId) =>
        catalog.Find(courseId)?.Prerequisites.Select(id => new RequiredCourse(id, catalog.Find(id)?.Title ?? id)).ToList() ?? [];
}
