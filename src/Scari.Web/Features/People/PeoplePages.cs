using Scari.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.People;

/// <summary>What the create and edit forms of a person share: the input, the lists, the caller's scope.</summary>
public abstract class PersonFormPage(ScariDbContext db) : PageModel
{
    [BindProperty] public PersonInput Input { get; set; } = new();
    public PeopleScope Scope { get; protected set; } = PeopleScope.Nobody;
    public Audience Audience { get; protected set; }
    public bool Editing { get; protected set; }
    public bool HasGuardianConsent { get; protected set; }
    public IReadOnlyList<(int Id, string Name)> Colegios { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Dependencias { get; private set; } = [];

    protected ScariDbContext Db => db;

    protected async Task LoadAsync(CancellationToken ct)
    {
        Scope = HttpContext.Account().People;
        // A coordinator's own colegio or dependencia is the only choice (and is forced on save).
        int? colegio = Scope.Everyone ? null : Scope.ColegioId ?? -1, dependencia = Scope.Everyone ? null : Scope.DependenciaId ?? -1;
        int? keepColegio = Input.ColegioId, keepDependencia = Input.DependenciaId;
        Colegios = (await db.Colegios.AsNoTracking()
                .Where(c => (c.Active || c.Id == keepColegio) && (colegio == null || c.Id == colegio))
                .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            .Select(c => (c.Id, c.Name)).ToList();
        Dependencias = (await db.Dependencias.AsNoTracking()
                .Where(d => (d.Active || d.Id == keepDependencia) && (dependencia == null || d.Id == dependencia))
                .OrderBy(d => d.Name).Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            .Select(d => (d.Id, d.Name)).ToList();
    }

    protected string? ActorId => User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
}
