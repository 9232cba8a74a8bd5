using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;

namespace Scari.Web.Features.Certificates;

/// <summary>/admin/certificados: find certificates by code or document, revoke or reissue them, download a ZIP.</summary>
[Authorize(Roles = $"{Roles.Administrador},{Roles.Coordinador}")]
public sealed class ManageModel(ScariDbContext db, CertificateAccess access, CertificateIssuer issuer) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Aviso { get; set; }

    public bool CanChange { get; private set; }
    public bool Searched { get; private set; }
    public IReadOnlyList<CertificateRow> Results { get; private set; } = [];
    public IReadOnlyList<Choice> Cohorts { get; private set; } = [];
    public IReadOnlyList<Choice> Courses { get; private set; } = [];

    public sealed record CertificateRow(string Code, string HolderName, string Document, string CourseTitle,
        DateOnly CompletedOn, DateTime? RevokedUtc, string? RevocationReason);

    public sealed record Choice(string Value, string Text);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var viewer = await access.ViewerAsync(User, ct);
        CanChange = viewer.IsAdministrator;
        if (!string.IsNullOrWhiteSpace(Q))
        {
            Searched = true;
            var term = Q.Trim();
            var code = CertificateCode.Normalize(term);
            var digits = new string(term.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
            Results = await access.Certificates(viewer)
                .Where(c => c.Code == code || c.DocumentNumber == digits)
                .OrderByDescending(c => c.IssuedUtc)
                .Take(50)
                .Select(c => new CertificateRow(c.Code, c.HolderName, c.DocumentType + " " + c.DocumentNumber, c.CourseTitle,
                    c.CompletedOn, c.RevokedUtc, c.RevocationReason))
                .ToListAsync(ct);
        }

        var cohorts = viewer.Account is { } account
            ? db.Cohorts.AsNoTracking().ManageableBy(Viewer.Of(account))
            : db.Cohorts.Where(_ => false);
        Cohorts = await cohorts.OrderBy(c => c.Name)
            .Select(c => new Choice(c.Id.ToString(), c.Name)).ToListAsync(ct);
        Courses = await db.CourseVersions.AsNoTracking().Where(v => v.IsCurrent).OrderBy(v => v.Title)
            .Select(v => new Choice(v.CourseId, v.Title)).ToListAsync(ct);
    }

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

    public async Task<IActionResult> OnPostReemitirAsync([Required] string codigo, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Administrador)) return Forbid();
        var replacement = await issuer.ReissueAsync(codigo, ct);
        TempData[replacement is null ? "Error" : "Aviso"] = replacement is null
            ? $"El certificado {codigo} no existe, ya estaba revocado o su titular fue anonimizado: no se reemitió."
            : $"Se emitió el certificado {replacement.Code} con los datos actuales; {codigo} quedó revocado como reemplazado.";
        return RedirectToPage(new { q = replacement?.Code ?? codigo });
    }
}
