using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Courses;

/// <summary>A lesson or a quiz of a course: open to everyone (answering a quiz needs an enrollment).</summary>
[CompressedForSignedIn]
public sealed class LessonModel(CourseCatalog catalog, Learning.LearnerProgress progress, PythonRuntime python,
    Learning.PythonPractice practice) : PageModel
{
    public Course Course { get; private set; } = null!;
    public CourseItem Item { get; private set; } = null!;
    public CourseItem? Previous { get; private set; }
    public CourseItem? Next { get; private set; }
    /// <summary>The signed-in learner's active enrollment in this course with its progress, or null (anyone else reads).</summary>
    public Learning.LearnerCourse? Learner { get; private set; }
    /// <summary>The lesson has runnable Python and Pyodide's files are on the server: the page offers «Ejecutar».</summary>
    public bool PythonReady { get; private set; }
    /// <summary>Exercises of this lesson the learner has solved (formative practice; completion does not wait for them).</summary>
    public int ExercisesSolved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string curso, string leccion)
    {
        if (catalog.Find(curso) is not { } course || course.FindItem(leccion) is not { } item) return NotFound();
        (Course, Item) = (course, item);
        (Previous, Next) = course.Neighbours(item);
        Learner = await progress.ForAccountAsync(HttpContext.Account(), course.Id, HttpContext.RequestAborted);
        if (item is Lesson { HasRunnableCode: true } lesson && python.Available)
        {
            PythonReady = true;
            WebSetup.AllowWebAssembly(Response);
            if (Learner is not null && lesson.Exercises.Count > 0)
                ExercisesSolved = await practice.SolvedAsync(Learner.EnrollmentId, lesson, HttpContext.RequestAborted);
        }
        return Page();
    }
}
