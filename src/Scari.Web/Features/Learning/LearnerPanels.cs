using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Scari.Web.Content;
using Scari.Web.Features.Enrollment;

namespace Scari.Web.Features.Learning;

public enum PanelState { Anonymous, NoPerson, CanEnroll, Refused, Enrolled }

public sealed record CoursePanel(Course Course, PanelState State, string? Message, LearnerCourse? Learner, CourseItem? Resume);

/// <summary>On a course page: "Inscribirme" for an eligible learner, or their progress and "Continuar".</summary>
public sealed class CourseEnrollmentPanelViewComponent(LearnerProgress progress, EnrollPerson enroll) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Course course)
    {
        var ct = HttpContext.RequestAborted;
        CoursePanel model;
        if (User.Identity?.IsAuthenticated != true) model = new(course, PanelState.Anonymous, null, null, null);
        else if (await progress.PersonOfAsync(UserClaimsPrincipal.FindFirstValue(ClaimTypes.NameIdentifier), ct) is not { } personId)
            model = new(course, PanelState.NoPerson, null, null, null);
        else if (await progress.ActiveAsync(personId, course.Id, ct) is { } learner)
            model = new(course, PanelState.Enrolled, null, learner, learner.ResumeItemId is { } id ? course.FindItem(id) : null);
        else if (await enroll.RefusalAsync(personId, course.Id, ct) is { } refusal)
            model = new(course, PanelState.Refused, refusal.Message, null, null);
        else model = new(course, PanelState.CanEnroll, null, null, null);
        return View("/Features/Learning/Components/CourseEnrollmentPanel.cshtml", model);
    }
}

public sealed record ItemPanel(Course Course, CourseItem Item, LearnerCourse? Learner, CourseItem? Next, int AttemptsUsed, bool QuizPassed);

/// <summary>
/// On a lesson or quiz page, for an enrolled learner: "Marcar como terminada" and a "Siguiente" button that marks
/// the lesson on the way, or the quiz's answer form. Returns nothing for anyone else (the page shows its plain links).
/// </summary>
public sealed class ItemProgressPanelViewComponent(LearnerProgress progress, TakeQuiz quizzes) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Course course, CourseItem item)
    {
        var learner = await LearnerAsync(progress, UserClaimsPrincipal, course.Id, HttpContext.RequestAborted);
        if (learner is null) return Content("");
        await progress.RememberAsync(learner.EnrollmentId, item.Id, HttpContext.RequestAborted);
        var used = item is Quiz ? await quizzes.AttemptsUsedAsync(learner.EnrollmentId, item.Id, HttpContext.RequestAborted) : 0;
        var model = new ItemPanel(course, item, learner, course.Neighbours(item).Next, used, learner.QuizzesPassed.Contains(item.Id));
        return View(item is Quiz ? "/Features/Learning/Components/QuizForm.cshtml" : "/Features/Learning/Components/LessonControls.cshtml", model);
    }

    internal static async Task<LearnerCourse?> LearnerAsync(LearnerProgress progress, ClaimsPrincipal user, string courseId, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        var personId = await progress.PersonOfAsync(user.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        return personId is null ? null : await progress.ActiveAsync(personId.Value, courseId, ct);
    }
}
