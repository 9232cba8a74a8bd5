using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;

namespace Scari.Web.Features.Courses;

[CompressedForSignedIn]
public sealed class IndexModel(CourseCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "publico")] public string? Audience { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }

    public IReadOnlyList<Course> Courses { get; private set; } = [];
    public int Total { get; private set; }
    /// <summary>Lesson sections (and course presentations) that mention the words, best first; empty without a query.</summary>
    public IReadOnlyList<SearchHit> Hits { get; private set; } = [];
    public bool Searched => !string.IsNullOrWhiteSpace(Query);

    public void OnGet()
    {
        Total = catalog.Courses.Count;
        Courses = CourseTexts.Filter(catalog.Courses, Audience, Query).ToList();
        if (Searched) Hits = catalog.Search.Find(Query, MaxHits, c => CourseTexts.ForAudience(c, Audience));
    }

    public const int MaxHits = 20;
}
