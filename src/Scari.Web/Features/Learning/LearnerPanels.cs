using Microsoft.EntityFrameworkCore;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Scari.Web.Content;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;

namespace Scari.Web.Features.Learning;

public enum PanelState { Anonymous, NoPerson, CanEnroll, Refused, Enrolled }

public sealed record CoursePanel(Course Course, PanelState State, string? Message, LearnerCourse? Learner, CourseItem? Resume)
{
    /// <summary>The learner's submitted attempts in this enrollment, oldest first.</summary>
    public IReadOnlyList<AttemptRow> Attempts { get; init; } = [];
    /// <summary>The learner already answered this course's satisfaction survey (then the panel no longer offers it).</summary>
    public bool SurveyAnswered { get; init; }
    /// <summary>The certificate of a completed course.</summary>
    public CertificateOffer? Certificate { get; init; }
}

public sealed record AttemptRow(int Id, string QuizId, DateTime SubmittedUtc, int Score, bool Passed);

/// <summary>On a course page: "Inscribirme" for an eligible learner, or their progress and "Continuar".</summary>
public sealed class CourseEnrollmentPanelViewComponent(LearnerProgress progress, EnrollPerson enroll, Data.ScariDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Course course)
    {
        var ct = HttpContext.RequestAborted;
        CoursePanel model;
        if (User.Identity?.IsAuthenticated != true) model = new(course, PanelState.Anonymous, null, null, null);
        else if (HttpContext.Account().PersonId is not { } personId)
            model = new(course, PanelState.NoPerson, null, null, null);
        else if (await progress.ActiveAsync(personId, course.Id, ct) is { } learner)
            model = new(course, PanelState.Enrolled, null, learner, learner.ResumeItemId is { } id ? course.FindItem(id) : null)
            {
                Attempts = await db.QuizAttempts.AsNoTracking()
                    .Where(a => a.EnrollmentId == learner.EnrollmentId && a.SubmittedUtc != null)
                    .OrderBy(a => a.SubmittedUtc).ThenBy(a => a.Id)
                    .Select(a => new AttemptRow(a.Id, a.QuizId, a.SubmittedUtc!.Value, a.Score, a.Passed))
                    .ToListAsync(ct),
                SurveyAnswered = learner.CompletedUtc is not null && await db.SurveyReceipts.AnyAsync(r => r.PersonId == personId
                    && r.CourseId == course.Id && r.Kind == Surveys.SurveyKind.Reaccion, ct),
                Certificate = learner.CompletedUtc is null ? null : await CertificateOffer.ForEnrollmentAsync(db, learner.EnrollmentId, ct),
            };
        else if (await enroll.RefusalAsync(personId, course.Id, ct) is { } refusal)
            model = new(course, PanelState.Refused, refusal.Message, null, null);
        else model = new(course, PanelState.CanEnroll, null, null, null);
        return View("/Features/Learning/Components/CourseEnrollmentPanel.cshtml", model);
    }
}

public sealed record ItemPanel(Course Course, CourseItem Item, LearnerCourse Learner, CourseItem? Next, CertificateOffer? Certificate);

/// <summary>
/// On a lesson page of an enrolled learner, one action: "Siguiente" marks the lesson on the way (a form: no JavaScript);
/// on the last lesson "Marcar como terminada". On the course's last step of a completed course, the certificate.
/// Reads only: where the learner left off is remembered by the POSTs that record progress, never by opening a page.
/// </summary>
public sealed class LessonControlsViewComponent(Data.ScariDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Course course, CourseItem item, LearnerCourse learner)
    {
        var next = course.Neighbours(item).Next;
        var certificate = next is null && learner.CompletedUtc is not null
            ? await CertificateOffer.ForEnrollmentAsync(db, learner.EnrollmentId, HttpContext.RequestAborted)
            : null;
        return View("/Features/Learning/Components/LessonControls.cshtml", new ItemPanel(course, item, learner, next, certificate));
    }
}

public sealed record QuizPanel(Course Course, Quiz Quiz, LearnerCourse Learner, QuizStatus Status);

/// <summary>
/// The quiz of an enrolled learner: the pre-start screen (attempt policy, «Comenzar evaluación») or the open attempt's
/// form in its stored order. Reads only: the attempt is created by the POST (correct flags never leave the server).
/// </summary>
public sealed class QuizAnswerFormViewComponent(TakeQuiz quizzes) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Course course, Quiz quiz, LearnerCourse learner)
    {
        var status = await quizzes.StatusAsync(learner.EnrollmentId, quiz, HttpContext.RequestAborted);
        return View("/Features/Learning/Components/QuizForm.cshtml", new QuizPanel(course, quiz, learner, status));
    }
}
