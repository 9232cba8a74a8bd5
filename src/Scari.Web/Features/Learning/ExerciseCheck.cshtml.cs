using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Scari.Web.Content;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Learning;

/// <summary>
/// POST the output of a Python exercise's run (lesson page, js/python.js; antiforgery token of the page): SCARI compares
/// it with the expected output, which never leaves the server, and answers «Correcto» or «Aún no coincide» as JSON.
/// </summary>
[Authorize]
public sealed class ExerciseCheckModel(CourseCatalog catalog, LearnerProgress progress, PythonPractice practice) : PageModel
{
    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(string curso, string leccion, string ejercicio, [FromForm(Name = "salida")] string? salida)
    {
        if (catalog.Find(curso)?.FindItem(leccion) is not Lesson lesson || lesson.Exercises.FirstOrDefault(e => e.Id == ejercicio) is not { } exercise)
            return NotFound();
        if (salida is null || salida.Length > PythonPractice.MaxOutputChars)
            return BadRequest(new { mensaje = $"La salida debe tener entre 0 y {PythonPractice.MaxOutputChars:N0} caracteres: revise que el programa no imprima de más." });
        var learner = await progress.ForAccountAsync(HttpContext.Account(), curso, HttpContext.RequestAborted);
        var verdict = await practice.CheckAsync(learner, lesson, exercise, salida, HttpContext.RequestAborted);
        return new JsonResult(new { correcto = verdict.Correct, mensaje = verdict.Message, detalle = verdict.Detail, registrado = verdict.Recorded });
    }
}
