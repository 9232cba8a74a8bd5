using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;

namespace Scari.Web.Features.Courses;

/// <summary>A lesson or a quiz of a course: open to everyone (answering a quiz needs an enrollment).</summary>
public sealed class LessonModel(CourseCatalog catalog) : PageModel
{
    public Course Course { get; private set; } = null!;
    public CourseItem Item { get; private set; } = null!;
    public CourseItem? Previous { get; private set; }
    public CourseItem? Next { get; private set; }

    public IActionResult OnGet(string curso, string leccion)
    {
        if (catalog.Find(curso) is not { } course || course.FindItem(leccion) is not { } item) return NotFound();
        (Course, Item) = (course, item);
        (Previous, Next) = course.Neighbours(item);
        return Page();
    }
}
