using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.Shared;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// /admin/certificados: the issued certificates the viewer may see, newest first, filtered and paged; an administrator
/// revokes or reissues them; anyone here downloads the live ones of the list as a ZIP.
/// </summary>
[Authorize(Roles = $"{Roles.Administrador},{Roles.Coordinador}")]
public sealed class ManageModel(ScariDbContext db, CertificateAccess access, CertificateIssuer issuer) : PageModel
{
    public const int MaxSearchLength = 100;
    public const string Live = "vigente";
    public const string Revoked = "revocado";

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Curso { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cohorte { get; set; }
    [BindProperty(SupportsGet = true)] public string? Estado { get; set; }
    [BindProperty(SupportsGet = true)] public string? Desde { get; set; }
    [BindProperty(SupportsGet = true)] public string? Hasta { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagina")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public string? Aviso { get; set; }

    public bool CanChange { get; private set; }
    public string? ScopeNote { get; private set; }
    public List<string> Errors { get; } = [];
    /// <summary>The filter read from the query string; null when part of it is not valid (see <see cref="Errors"/>).</summary>
    public CertificateFilter? Filter { get; private set; }
    public Paged<CertificateRow> Rows { get; private set; } = new([], 0, 1, Paging.PageSize);
    public IReadOnlyList<Choice> Cohorts { get; private set; } = [];
    public IReadOnlyList<Choice> Courses { get; private set; } = [];

    public bool Filtered => new[] { Q, Curso, Cohorte, Estado, Desde, Hasta }.Any(v => !string.IsNullOrWhiteSpace(v));

    public sealed record CertificateRow(string Code, string HolderName, string Document, string CourseTitle,
        DateOnly CompletedOn, DateTime IssuedUtc, DateTime? RevokedUtc, string? RevocationReason, bool HolderSuppressed, bool Replaced = false);

    public sealed record Choice(string Value, string Text);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = HttpContext.Account();
        CanChange = viewer.IsAdministrator;
        var scope = viewer.People;
        if (!scope.Everyone)
            ScopeNote = scope.ColegioId is not null ? "Ve los certificados de las personas de su colegio."
                : scope.DependenciaId is not null ? "Ve los certificados de las personas de su dependencia."
                : "Ve solo sus propios certificados: pida a un administrador que le asigne un colegio o una dependencia.";

        Filter = ReadFilter();
        if (Filter is { } filter)
        {
            Rows = await filter.Apply(access.Certificates(viewer), db)
                .OrderByDescending(c => c.IssuedUtc).ThenByDescending(c => c.Id)
                .ToPageAsync(PageNumber, c => new CertificateRow(c.Code, c.HolderName, c.DocumentType + " " + c.DocumentNumber, c.CourseTitle,
                    c.CompletedOn, c.IssuedUtc, c.RevokedUtc, c.RevocationReason, c.HolderSuppressedUtc != null, c.ReplacedByCertificateId != null), ct);
        }

        var cohorts = db.Cohorts.AsNoTracking().ManageableBy(viewer);
        Cohorts = await cohorts.OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new Choice(c.Id.ToString(), c.Name)).ToListAsync(ct);
        Courses = await db.CourseVersions.AsNoTracking().OfferedTo(viewer).OrderBy(v => v.Title)
            .Select(v => new Choice(v.CourseId, v.Title)).ToListAsync(ct);
        // A course no longer in the catalogue still has certificates: keep it selectable while it is the filter.
        if (!string.IsNullOrWhiteSpace(Curso) && Courses.All(c => c.Value != Curso))
            Courses = [.. Courses, new Choice(Curso, await access.Certificates(viewer).Where(c => c.CourseId == Curso)
                .Select(c => c.CourseTitle).FirstOrDefaultAsync(ct) ?? Curso)];
    }

    /// <summary>The filter from the query string, or null (with <see cref="Errors"/> filled) when part of it is not valid.</summary>
    private CertificateFilter? ReadFilter()
    {
        var search = Q?.Trim();
        if (search is { Length: > MaxSearchLength })
            Errors.Add($"La búsqueda es demasiado larga: escriba como máximo {MaxSearchLength} caracteres (un código, un número de documento o un nombre).");

        int? cohort = null;
        if (!string.IsNullOrWhiteSpace(Cohorte))
        {
            if (int.TryParse(Cohorte, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) cohort = id;
            else Errors.Add($"La cohorte «{Cohorte}» no es válida: elíjala de la lista.");
        }

        bool? revoked = null;
        switch (Estado?.Trim().ToLowerInvariant())
        {
            case null or "": break;
            case Live: revoked = false; break;
            case Revoked: revoked = true; break;
            default: Errors.Add($"El estado «{Estado}» no existe: elija «Vigente» o «Revocado»."); break;
        }

        var from = ReadDate(Desde, "desde");
        var to = ReadDate(Hasta, "hasta");
        if (from is not null && to is not null && to < from)
            Errors.Add("La fecha «hasta» es anterior a la fecha «desde»: corrija el rango.");

        return Errors.Count > 0 ? null : new CertificateFilter(search, string.IsNullOrWhiteSpace(Curso) ? null : Curso.Trim(), cohort, from, to, revoked);
    }

    private DateOnly? ReadDate(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        Errors.Add($"La fecha «{name}» ({text}) no es válida: use el calendario o escríbala como año-mes-día, p. ej. 2026-03-31.");
        return null;
    }

    public string PageUrl(int page) => Paging.WithParameter("/admin/certificados",
        [new("q", Q?.Trim()), new("curso", Curso), new("cohorte", Cohorte), new("estado", Estado), new("desde", Desde), new("hasta", Hasta)],
        "pagina", page);

    /// <summary>The ZIP of the live certificates of this list (the state filter does not apply: a ZIP holds live ones only).</summary>
    public string ZipUrl => (Filter ?? new CertificateFilter()).Url("/admin/certificados/zip");

    public async Task<IActionResult> OnPostRevocarAsync([Required] string codigo, string? motivo, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Administrador)) return Forbid();
        motivo = motivo?.Trim();
        if (string.IsNullOrEmpty(motivo) || motivo.Length > 500)
        {
            TempData["Error"] = string.IsNullOrEmpty(motivo)
                ? "Escriba el motivo de la revocación: queda en el registro de auditoría."
                : "El motivo es demasiado largo: use como máximo 500 caracteres.";
            return RedirectToPage(new { q = codigo });
        }
        var done = await issuer.RevokeAsync(codigo, motivo, ct);
        if (done) TempData["Aviso"] = $"Certificado {codigo} revocado.";
        else TempData["Error"] = $"El certificado {codigo} no existe o ya estaba revocado.";
        return RedirectToPage(new { q = codigo });
    }

    public async Task<IActionResult> OnPostReemitirAsync([Required] string codigo, string? revision, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Administrador)) return Forbid();
        revision = revision?.Trim();
        if (revision is { Length: > 500 })
        {
            TempData["Error"] = "El motivo de la revisión es demasiado largo: use como máximo 500 caracteres.";
            return RedirectToPage(new { q = codigo });
        }
        var replacement = await issuer.ReissueAsync(codigo, ct, revision);
        TempData[replacement is null ? "Error" : "Aviso"] = replacement is null
            ? $"El certificado {codigo} no existe, ya fue reemplazado, su titular fue anonimizado o, si está revocado, falta el resultado de la revisión: no se reemitió."
            : $"Se emitió el certificado {replacement.Code} con los datos actuales; {codigo} quedó revocado como reemplazado.";
        return RedirectToPage(new { q = replacement?.Code ?? codigo });
    }
}
