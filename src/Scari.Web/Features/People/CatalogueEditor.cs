using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.People;

public enum CatalogueKind { Dependencia, Colegio }

/// <summary>Administrators add, rename, deactivate and reactivate dependencias and colegios. Codes never change; rows are never deleted.</summary>
public sealed class CatalogueEditor(ScariDbContext db, AuditLog audit)
{
    public sealed record Row(int Id, string Code, string Name, string Localidad, bool Active, int People);

    public async Task<(IReadOnlyList<Row> Dependencias, IReadOnlyList<Row> Colegios)> ListAsync(CancellationToken ct)
    {
        var dependencias = await db.Dependencias.AsNoTracking().OrderBy(d => d.Code)
            .Select(d => new Row(d.Id, d.Code, d.Name, "", d.Active, db.People.Count(p => p.DependenciaId == d.Id))).ToListAsync(ct);
        var colegios = await db.Colegios.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new Row(c.Id, c.Code, c.Name, c.Localidad, c.Active, db.People.Count(p => p.ColegioId == c.Id))).ToListAsync(ct);
        return (dependencias, colegios);
    }

    /// <summary>A new entry's fields, trimmed (the code in capitals), or why they cannot be used. Also for entries created from an import.</summary>
    public static (string? Error, string Code, string Name, string Localidad) Check(CatalogueKind kind, string? code, string? name, string? localidad)
    {
        var c = (code ?? "").Trim().ToUpperInvariant();
        var n = (name ?? "").Trim();
        var l = (localidad ?? "").Trim();
        string? error = null;
        if (c.Length is 0 or > 20 || !c.All(char.IsAsciiLetterOrDigit)) error = "El código debe tener de 1 a 20 letras sin tilde o números, por ejemplo IE031.";
        else if (n.Length is 0 or > 200) error = "Escriba el nombre (hasta 200 caracteres).";
        else if (kind == CatalogueKind.Colegio && l.Length is 0 or > 100) error = "Escriba la localidad del colegio (hasta 100 caracteres).";
        return (error, c, n, l);
    }

    /// <returns>Null when added, else a Spanish message.</returns>
    public async Task<string?> AddAsync(CatalogueKind kind, string? code, string? name, string? localidad, CancellationToken ct)
    {
        var (error, c, n, l) = Check(kind, code, name, localidad);
        if (error is not null) return error;
        var exists = kind == CatalogueKind.Colegio
            ? await db.Colegios.AnyAsync(x => x.Code == c, ct)
            : await db.Dependencias.AnyAsync(x => x.Code == c, ct);
        if (exists) return $"Ya existe el código {c}. Los códigos no se reutilizan: elija otro.";
        try
        {
            if (kind == CatalogueKind.Colegio)
            {
                var colegio = new Colegio { Code = c, Name = n, Localidad = l };
                db.Colegios.Add(colegio);
                await db.SaveChangesAsync(ct);
                audit.Record("catalogue.colegio-added", "Colegio", colegio.Id, $"{c}: {n} ({l})");
            }
            else
            {
                var dependencia = new Dependencia { Code = c, Name = n };
                db.Dependencias.Add(dependencia);
                await db.SaveChangesAsync(ct);
                audit.Record("catalogue.dependencia-added", "Dependencia", dependencia.Id, $"{c}: {n}");
            }
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<Colegio>(ex, nameof(Colegio.Code)) || db.IsOn<Dependencia>(ex, nameof(Dependencia.Code)))
        {
            db.ChangeTracker.Clear();
            return $"Ya existe el código {c}. Los códigos no se reutilizan: elija otro.";
        }
        return null;
    }

    public async Task<string?> RenameAsync(CatalogueKind kind, int id, string? name, string? localidad, CancellationToken ct)
    {
        var n = (name ?? "").Trim();
        if (n.Length is 0 or > 200) return "Escriba el nombre (hasta 200 caracteres).";
        if (kind == CatalogueKind.Colegio)
        {
            var colegio = await db.Colegios.FindAsync([id], ct);
            if (colegio is null) return "Ese colegio no existe.";
            var l = string.IsNullOrWhiteSpace(localidad) ? colegio.Localidad : localidad.Trim();
            if (l.Length > 100) return "La localidad admite hasta 100 caracteres.";
            audit.Record("catalogue.colegio-renamed", "Colegio", id, $"{colegio.Name} ({colegio.Localidad}) → {n} ({l})");
            colegio.Name = n;
            colegio.Localidad = l;
        }
        else
        {
            var dependencia = await db.Dependencias.FindAsync([id], ct);
            if (dependencia is null) return "Esa dependencia no existe.";
            audit.Record("catalogue.dependencia-renamed", "Dependencia", id, $"{dependencia.Name} → {n}");
            dependencia.Name = n;
        }
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> SetActiveAsync(CatalogueKind kind, int id, bool active, CancellationToken ct)
    {
        var changed = kind == CatalogueKind.Colegio
            ? await db.Colegios.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, active), ct)
            : await db.Dependencias.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, active), ct);
        if (changed == 0) return "Ese registro no existe.";
        audit.Record(active ? "catalogue.reactivated" : "catalogue.deactivated", kind.ToString(), id);
        await db.SaveChangesAsync(ct);
        return null;
    }
}
