using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;

namespace Scari.Web.Features.Courses;

[CompressedForSignedIn]
public sealed class CourseModel(CourseCatalog catalog) : PageModel
{
    public Course Course { get; private set; } = null!;
    public IndicatorDefinition? Indicator { get; private set; }

    public IActionResult OnGet(string curso)
    {
        if (catalog.Find(curso) is not { } course) return NotFound();
        Course = course;
        Indicator = catalog.Settings.FindIndicator(course.IndicatorId);
        return Page();
    }
}
