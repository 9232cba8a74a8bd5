using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;

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

    public async Task<IActionResult> OnPostResponderAsync(string curso, string leccion, CancellationToken ct)
    {
        var (course, learner) = await FindAsync(curso, ct);
        if (course?.FindItem(leccion) is not Quiz quiz) return NotFound();
        if (learner is null) return NotEnrolled(curso);

        var answers = new Dictionary<int, QuestionAnswer>();
        foreach (var question in quiz.Questions)
        {
            var values = Request.Form[$"Answers[{question.Index}]"];
            answers[question.Index] = question.Answer is null
                ? new QuestionAnswer(values.Select(v => int.TryParse(v, out var i) ? i : -1).Where(i => i >= 0).ToList())
                : new QuestionAnswer([], values.FirstOrDefault()?[..Math.Min(values.FirstOrDefault()!.Length, 200)]);
        }
        var result = await quizzes.SubmitAsync(learner, quiz, answers, ct);
        if (result.AttemptId is { } attempt) return Redirect($"{ItemUrl(curso, leccion)}/intentos/{attempt}");
        TempData["Error"] = result.Message;
        return Redirect(ItemUrl(curso, leccion));
    }

    private async Task<(Course?, LearnerCourse?)> FindAsync(string courseId, CancellationToken ct)
    {
        var course = catalog.Find(courseId);
        if (course is null) return (null, null);
        var personId = await progress.PersonOfAsync(User.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        return (course, personId is null ? null : await progress.ActiveAsync(personId.Value, courseId, ct));
    }

    private RedirectResult NotEnrolled(string curso)
    {
        TempData["Error"] = "Para guardar su avance y responder evaluaciones, primero inscríbase en el curso.";
        return Redirect($"/cursos/{Uri.EscapeDataString(curso)}");
    }

    private static string ItemUrl(string curso, string item) => $"/cursos/{Uri.EscapeDataString(curso)}/{Uri.EscapeDataString(item)}";
}
