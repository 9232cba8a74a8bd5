using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Learning;

/// <summary>
/// The forms of a lesson or quiz page post here: mark a lesson done, go on to the next item (marking the lesson
/// on the way), answer a quiz. Only an enrolled learner's own enrollment is touched.
/// </summary>
[Authorize]
public sealed class LessonActionsModel(CourseCatalog catalog, LearnerProgress progress, TakeQuiz quizzes) : PageModel
{
    public IActionResult OnGet(string curso, string leccion) => Redirect(ItemUrl(curso, leccion));

    public async Task<IActionResult> OnPostTerminarAsync(string curso, string leccion, CancellationToken ct)
    {
        var (course, learner) = await FindAsync(curso, ct);
        if (course?.FindItem(leccion) is not Lesson) return NotFound();
        if (learner is null) return NotEnrolled(curso);
        await progress.MarkLessonDoneAsync(learner, leccion, ct);
        TempData["Aviso"] = "Lección marcada como terminada.";
        return Redirect(ItemUrl(curso, leccion));
    }

    public async Task<IActionResult> OnPostSiguienteAsync(string curso, string leccion, CancellationToken ct)
    {
        var (course, learner) = await FindAsync(curso, ct);
        if (course?.FindItem(leccion) is not { } item) return NotFound();
        if (learner is null) return NotEnrolled(curso);
        if (item is Lesson) await progress.MarkLessonDoneAsync(learner, leccion, ct);
        var next = course.Neighbours(item).Next;
        return Redirect(next is null ? $"/cursos/{Uri.EscapeDataString(curso)}" : ItemUrl(curso, next.Id));
    }

    /// <summary>«Comenzar evaluación»: creates the attempt (its draw and order), or goes back to the open one.</summary>
    public async Task<IActionResult> OnPostComenzarAsync(string curso, string leccion, CancellationToken ct)
    {
        var (course, learner) = await FindAsync(curso, ct);
        if (course?.FindItem(leccion) is not Quiz quiz) return NotFound();
        if (learner is null) return NotEnrolled(curso);
        var result = await quizzes.StartAsync(learner, quiz, ct);
        if (result.Result != QuizSubmitResult.Started) TempData["Error"] = result.Message;
        return Redirect(ItemUrl(curso, leccion));
    }

    public async Task<IActionResult> OnPostResponderAsync(string curso, string leccion, int intento, CancellationToken ct)
    {
        var (course, learner) = await FindAsync(curso, ct);
        if (course?.FindItem(leccion) is not Quiz quiz) return NotFound();
        if (learner is null) return NotEnrolled(curso);

        // Answers[p]: p is the position shown, values the shown positions of the options (or the text typed).
        var shown = new Dictionary<int, (IReadOnlyList<int>, string?)>();
        foreach (var (key, values) in Request.Form)
        {
            if (!key.StartsWith("Answers[", StringComparison.Ordinal) || !key.EndsWith(']')
                || !int.TryParse(key.AsSpan(8, key.Length - 9), out var position) || position is < 0 or > 1000) continue;
            var typed = values.FirstOrDefault();
            shown[position] = (values.Select(v => int.TryParse(v, out var i) ? i : -1).Where(i => i >= 0).ToList(),
                typed is null ? null : typed[..Math.Min(typed.Length, 200)]);
        }
        var result = await quizzes.SubmitAsync(learner, quiz, intento, shown, ct);
        if (result.Result == QuizSubmitResult.Graded) return Redirect($"{ItemUrl(curso, leccion)}/intentos/{result.AttemptId}");
        TempData["Error"] = result.Message;
        return Redirect(result.AttemptId is { } done ? $"{ItemUrl(curso, leccion)}/intentos/{done}" : ItemUrl(curso, leccion));
    }

    private async Task<(Course?, LearnerCourse?)> FindAsync(string courseId, CancellationToken ct)
    {
        var course = catalog.Find(courseId);
        if (course is null) return (null, null);
        return (course, await progress.ForAccountAsync(HttpContext.Account(), courseId, ct));
    }

    private RedirectResult NotEnrolled(string curso)
    {
        TempData["Error"] = "Para guardar su avance y responder evaluaciones, primero inscríbase en el curso.";
        return Redirect($"/cursos/{Uri.EscapeDataString(curso)}");
    }

    private static string ItemUrl(string curso, string item) => $"/cursos/{Uri.EscapeDataString(curso)}/{Uri.EscapeDataString(item)}";
}
