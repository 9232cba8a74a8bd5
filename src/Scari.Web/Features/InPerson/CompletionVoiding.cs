using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.Learning;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.InPerson;

/// <summary>One completion as its record page shows it: what, whose, where it came from, and whether it counts.</summary>
public sealed record CompletionRecordView(
    int Id, int PersonId, string PersonName, string PersonDocument, string CourseId, string CourseTitle, CompletionSource Source,
    DateTime CompletedUtc, int Hours, int? SessionId, string? SessionName, DateTime? VoidedUtc, string? VoidReason,
    string? LiveCertificate, int? DuplicateOf, int? ImportId, string? ImportFile, DateTime? ImportedUtc, string? ExternalCertificate, string? Note)
{
    public bool Voided => VoidedUtc is not null;
    public bool CanVoid => CompletionVoiding.CanVoid(Source, ImportId is not null);
}

/// <summary>
/// Voids (and restores) an in-person or imported record with a required reason, audited in Spanish. A voided record
/// stays in the database with who, when and why, and stops counting in every live figure at once (the counting rule
/// skips it, like a completion whose certificates are all revoked); publications made before keep it, and their drift
/// names it. No certificate is needed first; a live certificate must be revoked first, so that nothing says it counts.
/// Online completions are not voided: their certificate is revoked.
/// </summary>
public sealed class CompletionVoiding(ScariDbContext db, AuditLog audit, TimeProvider clock, IHttpContextAccessor http)
{
    public const int MinReason = 10;
    public const int MaxReason = 500;

    /// <summary>Which records an administrator may void: everything not learned on line in SCARI (imported ones too, whatever their origin).</summary>
    public static bool CanVoid(CompletionSource source, bool imported) => source != CompletionSource.Online || imported;

    public Task<CompletionRecordView?> FindAsync(int id, CancellationToken ct) =>
        db.Completions.AsNoTracking().Where(c => c.Id == id)
            .Titled(db).Select(t => new CompletionRecordView(
                t.Completion.Id, t.Completion.PersonId,
                t.Completion.Person.AnonymizedUtc == null ? t.Completion.Person.FamilyNames + ", " + t.Completion.Person.GivenNames : "Persona anonimizada",
                t.Completion.Person.AnonymizedUtc == null ? t.Completion.Person.DocumentType.ToString() + " " + t.Completion.Person.DocumentNumber : "",
                t.Completion.CourseId,
                t.Title,
                t.Completion.Source, t.Completion.CompletedUtc, t.Completion.Hours,
                db.Attendances.Where(a => a.CompletionId == t.Completion.Id).Select(a => (int?)a.SessionId).FirstOrDefault(),
                db.Attendances.Where(a => a.CompletionId == t.Completion.Id).Select(a => a.Session.Name).FirstOrDefault(),
                t.Completion.VoidedUtc, t.Completion.VoidReason,
                db.Certificates.Where(x => x.CompletionId == t.Completion.Id && x.RevokedUtc == null).Select(x => x.Code).FirstOrDefault(),
                t.Completion.DuplicateOfCompletionId, t.Completion.ImportId,
                db.Set<CompletionImport>().Where(i => i.Id == t.Completion.ImportId).Select(i => i.FileName).FirstOrDefault(),
                db.Set<CompletionImport>().Where(i => i.Id == t.Completion.ImportId).Select(i => i.ImportedUtc).FirstOrDefault(),
                t.Completion.ExternalCertificate, t.Completion.Note))
            .FirstOrDefaultAsync(ct);

    /// <summary>Voids the record. Null when done; else a Spanish message saying why not and what to do.</summary>
    public async Task<string?> VoidAsync(int completionId, string? reason, CancellationToken ct)
    {
        var why = Reason(reason, out var error);
        if (error is not null) return error;
        var record = await FindAsync(completionId, ct);
        if (record is null) return "El registro no existe.";
        if (!record.CanVoid)
            return "Una finalización en línea no se anula: si no debe contar, revoque su certificado en «Certificados».";
        if (record.Voided) return "El registro ya estaba anulado.";
        if (record.LiveCertificate is { } code)
            return $"El registro tiene el certificado {code} vigente: revóquelo primero (la revocación también deja de contarlo) o anule después de revocarlo.";

        var now = clock.GetUtcNow().UtcDateTime;
        var userId = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Set-based and conditional: of two administrators voiding at once, one changes the row and the other is told.
        var changed = await db.Completions.Where(c => c.Id == completionId && c.VoidedUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedUtc, now).SetProperty(c => c.VoidReason, why)
                .SetProperty(c => c.VoidedByUserId, userId).SetProperty(c => c.VoidChangedUtc, now), ct);
        if (changed == 0) return "El registro ya estaba anulado.";
        audit.Record("completion.voided", "Completion", completionId,
            $"Registro anulado: {record.PersonName} ({record.PersonDocument}), {record.CourseTitle}, {Labels.Of(record.Source).ToLowerInvariant()}, "
            + $"{Bogota.FormatDate(DateOnly.FromDateTime(Bogota.ToLocal(record.CompletedUtc)))}. Motivo: {why}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>Undoes a void made by mistake, with its own reason, audited: the record counts again from now on.</summary>
    public async Task<string?> RestoreAsync(int completionId, string? reason, CancellationToken ct)
    {
        var why = Reason(reason, out var error);
        if (error is not null) return error;
        var record = await FindAsync(completionId, ct);
        if (record is null) return "El registro no existe.";
        if (!record.Voided) return "El registro no está anulado.";

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Completions.Where(c => c.Id == completionId && c.VoidedUtc != null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.VoidedUtc, (DateTime?)null).SetProperty(c => c.VoidReason, (string?)null)
                .SetProperty(c => c.VoidedByUserId, (string?)null).SetProperty(c => c.VoidChangedUtc, now), ct);
        if (changed == 0) return "El registro no está anulado.";
        audit.Record("completion.restored", "Completion", completionId,
            $"Anulación deshecha: {record.PersonName} ({record.PersonDocument}), {record.CourseTitle}, "
            + $"{Bogota.FormatDate(DateOnly.FromDateTime(Bogota.ToLocal(record.CompletedUtc)))}; vuelve a contar. "
            + $"Motivo de la anulación: {record.VoidReason}. Motivo para deshacerla: {why}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return null;
    }

    private static string Reason(string? text, out string? error)
    {
        var why = TextHygiene.Clean(text ?? "").Trim();
        error = why.Length < MinReason ? $"Escriba el motivo (al menos {MinReason} caracteres): queda en la auditoría y en el registro."
            : why.Length > MaxReason ? $"El motivo admite hasta {MaxReason} caracteres: resúmalo."
            : null;
        return why;
    }
}
