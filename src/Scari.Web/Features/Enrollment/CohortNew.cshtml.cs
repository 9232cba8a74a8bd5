using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;

namespace Scari.Web.Features.Enrollment;

[Authorize(Roles = Roles.Administrador + "," + Roles.Coordinador)]
public sealed class CohortNewModel(ScariDbContext db, Cohorts cohorts, TimeProvider clock) : PageModel
{
    public sealed record Choice(string Value, string Text);

    [BindProperty] public CohortInput Input { get; set; } = new();
    public List<Choice> Courses { get; private set; } = [];
    public List<Choice> Tutors { get; private set; } = [];
    public List<Choice> Colegios { get; private set; } = [];
    public List<Choice> Dependencias { get; private set; } = [];
    public bool IsAdmin { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        var today = Bogota.Today(clock);
        Input.StartDate = today;
        Input.EndDate = today.AddMonths(1);
        await LoadChoicesAsync(viewer, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        if (!viewer.IsSignedIn) return Forbid();
        if (ModelState.IsValid)
        {
            var result = await cohorts.CreateAsync(viewer, new CohortDraft(Input.Name ?? "", Input.CourseId ?? "",
                Input.StartDate!.Value, Input.EndDate!.Value, Input.TutorUserId, Input.ColegioId, Input.DependenciaId), ct);
            if (result.CohortId is { } id)
            {
                TempData["Aviso"] = "Cohorte creada. Ahora agregue a sus integrantes.";
                return Redirect($"/admin/cohortes/{id}");
            }
            foreach (var e in result.Errors) ModelState.AddModelError("", e);
        }
        await LoadChoicesAsync(viewer, ct);
        return Page();
    }

    private async Task LoadChoicesAsync(CurrentAccount viewer, CancellationToken ct)
    {
        IsAdmin = viewer.IsAdministrator;
        Courses = await db.CourseVersions.AsNoTracking().OfferedTo(viewer).OrderBy(v => v.Title)
            .Select(v => new Choice(v.CourseId, v.Title)).ToListAsync(ct);
        Tutors = await db.UsersInRole(Roles.Tutor).OrderBy(u => u.FullName)
            .Select(u => new Choice(u.Id, u.FullName)).ToListAsync(ct);
        if (IsAdmin)
        {
            Colegios = await db.Colegios.AsNoTracking().Where(c => c.Active).OrderBy(c => c.Name).Select(c => new Choice(c.Id.ToString(), c.Name)).ToListAsync(ct);
            Dependencias = await db.Dependencias.AsNoTracking().Where(d => d.Active).OrderBy(d => d.Name).Select(d => new Choice(d.Id.ToString(), d.Name)).ToListAsync(ct);
        }
    }
}

public sealed class CohortInput
{
    [Required(ErrorMessage = "Escriba el nombre de la cohorte, por ejemplo «SIGOB marzo 2026».")]
    [StringLength(150, ErrorMessage = "El nombre de la cohorte admite hasta 150 caracteres.")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Elija el curso de la cohorte.")]
    public string? CourseId { get; set; }

    [Required(ErrorMessage = "Escriba la fecha de inicio.")]
    public DateOnly? StartDate { get; set; }

    [Required(ErrorMessage = "Escriba la fecha de fin.")]
    public DateOnly? EndDate { get; set; }

    public string? TutorUserId { get; set; }
    public int? ColegioId { get; set; }
    public int? DependenciaId { get; set; }
}
