using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Scari.Web.Data;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.People.Import;

/// <summary>
/// A name that files use for a dependencia or colegio of the catalogue ("Hacienda" for SHAC, Secretaría de Hacienda
/// Distrital), chosen once by an administrator in an import's preview and applied by every later import. Catalogue
/// rows are never deleted (<see cref="CatalogueEditor"/>), so <see cref="UnitId"/> always names one.
/// </summary>
public sealed class UnitAlias
{
    public int Id { get; set; }
    public CatalogueKind Kind { get; set; }
    /// <summary>The name as files write it, simplified (<see cref="ImportFile.Simplify"/>): what is looked up.</summary>
    public string Key { get; set; } = "";
    /// <summary>The name as the first file wrote it, to show.</summary>
    public string Text { get; set; } = "";
    public int UnitId { get; set; }
    public string? CreatedByUserId { get; set; }
    public DateTime CreatedUtc { get; set; }
}

internal sealed class UnitAliasConfiguration : IEntityTypeConfiguration<UnitAlias>
{
    public void Configure(EntityTypeBuilder<UnitAlias> b)
    {
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.Key).HasMaxLength(200);
        b.Property(x => x.Text).HasMaxLength(200);
        b.Property(x => x.CreatedByUserId).HasMaxLength(450);
        b.HasIndex(x => new { x.Kind, x.Key }).IsUnique();
    }
}

/// <summary>A dependencia or colegio a file names and neither the catalogue nor a remembered name knows: listed once.</summary>
public sealed record MissingUnit(CatalogueKind Kind, string Text, IReadOnlyList<int> Rows, IReadOnlyList<UnitCandidate> Candidates)
{
    public string Key => ImportFile.Simplify(Text);
    /// <summary>The one candidate that folds to the same words, to preselect; null when none or several.</summary>
    public UnitCandidate? Likely => Candidates.Count(c => c.Score >= 1) == 1 ? Candidates.First(c => c.Score >= 1) : null;
}

/// <summary>A catalogue entry, with how near it is to a name (1 = the same words once folded).</summary>
public sealed record UnitCandidate(int Id, string Code, string Name, double Score);

/// <summary>A remembered name applied to this file's rows.</summary>
public sealed record AppliedAlias(CatalogueKind Kind, string Text, string UnitCode, string UnitName, int Rows);

/// <summary>
/// Near matches between the names files use and the catalogue's: case, accents, punctuation and spacing folded, and
/// the words every entry shares ("Secretaría de", "Distrital", "IE", "I.E.", "Institución Educativa") left out.
/// </summary>
public static class UnitMatch
{
    private static readonly HashSet<string> Filler =
    [
        "de", "del", "la", "las", "los", "el", "y", "e", "i", "ie", "secretaria", "distrital", "distrito",
        "institucion", "educativa", "colegio", "oficina",
    ];

    /// <summary>"I.E. de Manga" → {manga}; "Secretaría de Hacienda Distrital" → {hacienda}.</summary>
    public static HashSet<string> Words(string text)
    {
        var simple = ImportFile.Simplify(text);
        var sb = new StringBuilder(simple.Length);
        foreach (var c in simple) sb.Append(char.IsLetterOrDigit(c) ? c : ' ');
        var all = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var words = all.Where(w => !Filler.Contains(w)).ToHashSet();
        return words.Count > 0 ? words : [.. all];
    }

    /// <summary>1 when both fold to the same words; the share of words in common otherwise (a typo of one letter counts).</summary>
    public static double Score(HashSet<string> name, HashSet<string> entry, string code, string text)
    {
        if (ImportFile.Simplify(text).Replace(" ", "") == code.ToLowerInvariant()) return 1;
        if (name.Count == 0 || entry.Count == 0) return 0;
        var matched = name.Count(w => entry.Any(e => Near(w, e)));
        if (matched == 0) return 0;
        if (matched == name.Count && name.Count == entry.Count) return 1;
        return (double)matched / Math.Max(name.Count, entry.Count);
    }

    private static bool Near(string a, string b)
    {
        if (a == b) return true;
        if (Math.Min(a.Length, b.Length) < 5 || Math.Abs(a.Length - b.Length) > 1) return false;
        return EditDistance(a, b) <= 1;
    }

    private static int EditDistance(string a, string b)
    {
        var prev = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var cur = new int[b.Length + 1];
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            prev = cur;
        }
        return prev[b.Length];
    }

    /// <summary>Up to three entries near <paramref name="text"/>, the nearest first.</summary>
    public static IReadOnlyList<UnitCandidate> Candidates(string text, IEnumerable<(int Id, string Code, string Name)> entries)
    {
        var words = Words(text);
        return entries.Select(e => new UnitCandidate(e.Id, e.Code, e.Name, Score(words, Words(e.Name), e.Code, text)))
            .Where(c => c.Score >= 0.5 || c.Score > 0 && words.Count == 1)
            .OrderByDescending(c => c.Score).ThenBy(c => c.Name, StringComparer.Ordinal).Take(3).ToList();
    }

    /// <summary>A code for a new entry: the initials of its words ("Secretaría de la Mujer" → SM… , "Mujer" → MUJER), not yet taken.</summary>
    public static string ProposeCode(string text, IEnumerable<string> taken)
    {
        var all = ImportFile.Simplify(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsAsciiLetterOrDigit).ToArray())).Where(w => w.Length > 0).ToList();
        var significant = all.Where(w => !Filler.Contains(w)).ToList();
        var code = significant.Count >= 3 ? string.Concat(significant.Select(w => w[0]))
            : string.Concat(significant.Select(w => w.Length > 6 ? w[..6] : w));
        if (code.Length == 0) code = string.Concat(all.Select(w => w[0]));
        code = (code.Length == 0 ? "NUEVO" : code).ToUpperInvariant();
        if (code.Length > 12) code = code[..12];
        var used = taken.Select(t => t.ToUpperInvariant()).ToHashSet();
        var candidate = code;
        for (var n = 2; used.Contains(candidate); n++) candidate = code + n;
        return candidate;
    }

    /// <summary>Row numbers as ranges: 2, 3, 4, 9 → "2–4, 9".</summary>
    public static string Ranges(IReadOnlyList<int> rows)
    {
        var parts = new List<string>();
        for (var i = 0; i < rows.Count;)
        {
            var j = i;
            while (j + 1 < rows.Count && rows[j + 1] == rows[j] + 1) j++;
            parts.Add(j == i ? rows[i].ToString(Bogota.Culture) : $"{rows[i]}–{rows[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }
}

/// <summary>What an administrator chose for one missing name: an entry's id, or a new entry (code, name, localidad).</summary>
public sealed record UnitDecision(CatalogueKind Kind, string Text, int? UnitId, bool Create, string? Code, string? Name, string? Localidad);

/// <summary>
/// Saves the administrator's choices for the names an import did not know: new catalogue entries and remembered names,
/// all or nothing, each audited.
/// </summary>
public sealed class UnitAliases(ScariDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>A remembered name as the import page lists it: the file's name, the catalogue entry, who chose it and when.</summary>
    public sealed record Remembered(int Id, CatalogueKind Kind, string Text, string UnitCode, string UnitName, string? ChosenBy, DateTime CreatedUtc);

    /// <summary>Every remembered name, by kind and name.</summary>
    public async Task<List<Remembered>> ListAsync(CancellationToken ct)
    {
        // Read plainly and joined here: few rows, and SQLite cannot run per-row subqueries that return several columns.
        var aliases = await db.Set<UnitAlias>().AsNoTracking().ToListAsync(ct);
        if (aliases.Count == 0) return [];
        var dependencias = await db.Dependencias.AsNoTracking().Select(d => new { d.Id, d.Code, d.Name }).ToDictionaryAsync(d => d.Id, ct);
        var colegios = await db.Colegios.AsNoTracking().Select(c => new { c.Id, c.Code, c.Name }).ToDictionaryAsync(c => c.Id, ct);
        var userIds = aliases.Select(a => a.CreatedByUserId).OfType<string>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToDictionaryAsync(u => u.Id, u => u.UserName, ct);
        return [.. aliases.Select(a =>
            {
                var (code, name) = a.Kind == CatalogueKind.Colegio
                    ? colegios.TryGetValue(a.UnitId, out var c) ? (c.Code, c.Name) : ("", "(entrada no encontrada)")
                    : dependencias.TryGetValue(a.UnitId, out var d) ? (d.Code, d.Name) : ("", "(entrada no encontrada)");
                return new Remembered(a.Id, a.Kind, a.Text, code, name, a.CreatedByUserId is { } u ? users.GetValueOrDefault(u) : null, a.CreatedUtc);
            })
            .OrderBy(r => r.Kind).ThenBy(r => r.Text, StringComparer.Create(Bogota.Culture, true))];
    }

    /// <summary>
    /// Forgets a remembered name (chosen by mistake, or the catalogue changed): later files that use it show it again as
    /// missing in their preview. People already imported keep their unit. Audited. False when it was already gone.
    /// </summary>
    public async Task<bool> RemoveAsync(int id, CancellationToken ct)
    {
        var alias = (await ListAsync(ct)).FirstOrDefault(a => a.Id == id);
        if (alias is null) return false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Set<UnitAlias>().Where(a => a.Id == id).ExecuteDeleteAsync(ct) == 0) return false;
        audit.Record("catalogue.alias-removed", alias.Kind.ToString(), id,
            $"«{alias.Text}» ya no equivale a {alias.UnitCode}: {alias.UnitName} en los archivos de importación"
            + $" (lo había elegido {alias.ChosenBy ?? "una cuenta que ya no existe"} el {Bogota.Format(alias.CreatedUtc)}).");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <returns>The problems (one per name, in Spanish); empty when everything was saved.</returns>
    public async Task<List<string>> SaveAsync(IReadOnlyList<UnitDecision> decisions, string? userId, int batchId, CancellationToken ct)
    {
        var errors = new List<string>();
        var now = clock.GetUtcNow().UtcDateTime;
        var dependencias = await db.Dependencias.AsNoTracking().Select(d => new { d.Id, d.Code, d.Name, d.Active }).ToListAsync(ct);
        var colegios = await db.Colegios.AsNoTracking().Select(c => new { c.Id, c.Code, c.Name, c.Active }).ToListAsync(ct);
        var codes = dependencias.Select(d => (CatalogueKind.Dependencia, d.Code)).Concat(colegios.Select(c => (CatalogueKind.Colegio, c.Code))).ToHashSet();
        var known = (await db.Set<UnitAlias>().AsNoTracking().Select(a => new { a.Kind, a.Key }).ToListAsync(ct)).Select(a => (a.Kind, a.Key)).ToHashSet();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pending = new List<(UnitAlias Alias, Dependencia? Dependencia, Colegio? Colegio, string Label)>();
        foreach (var d in decisions)
        {
            var noun = d.Kind == CatalogueKind.Colegio ? "el colegio" : "la dependencia";
            var key = ImportFile.Simplify(d.Text);
            if (key.Length == 0 || key.Length > 200 || !known.Add((d.Kind, key))) continue; // already remembered (or twice in the form)
            var alias = new UnitAlias { Kind = d.Kind, Key = key, Text = d.Text.Trim(), CreatedByUserId = userId, CreatedUtc = now };
            if (d.Create)
            {
                var (error, code, name, localidad) = CatalogueEditor.Check(d.Kind, d.Code, d.Name, d.Localidad);
                if (error is null && !codes.Add((d.Kind, code))) error = $"Ya existe el código {code}. Los códigos no se reutilizan: elija otro.";
                if (error is not null) { errors.Add($"«{d.Text}» ({noun} nueva): {error}"); continue; }
                if (d.Kind == CatalogueKind.Colegio)
                {
                    var colegio = new Colegio { Code = code, Name = name, Localidad = localidad };
                    db.Colegios.Add(colegio);
                    pending.Add((alias, null, colegio, $"{code}: {name}"));
                }
                else
                {
                    var dependencia = new Dependencia { Code = code, Name = name };
                    db.Dependencias.Add(dependencia);
                    pending.Add((alias, dependencia, null, $"{code}: {name}"));
                }
            }
            else if (d.UnitId is { } id)
            {
                var unit = d.Kind == CatalogueKind.Colegio
                    ? colegios.Where(c => c.Id == id && c.Active).Select(c => $"{c.Code}: {c.Name}").FirstOrDefault()
                    : dependencias.Where(x => x.Id == id && x.Active).Select(x => $"{x.Code}: {x.Name}").FirstOrDefault();
                if (unit is null) { errors.Add($"«{d.Text}»: {noun} elegida ya no existe o está desactivada; elija otra."); continue; }
                alias.UnitId = id;
                pending.Add((alias, null, null, unit));
            }
        }
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return errors;
        }
        try
        {
            await db.SaveChangesAsync(ct); // the new entries get their ids
            foreach (var (alias, dependencia, colegio, label) in pending)
            {
                if (dependencia is not null)
                {
                    alias.UnitId = dependencia.Id;
                    audit.Record("catalogue.dependencia-added", "Dependencia", dependencia.Id, $"{label} (desde la importación {batchId})");
                }
                else if (colegio is not null)
                {
                    alias.UnitId = colegio.Id;
                    audit.Record("catalogue.colegio-added", "Colegio", colegio.Id, $"{label} ({colegio.Localidad}) (desde la importación {batchId})");
                }
                db.Add(alias);
                audit.Record("catalogue.alias-added", alias.Kind.ToString(), alias.UnitId,
                    $"«{alias.Text}» en los archivos de importación es {label} (importación {batchId}).");
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (db.IsOn<UnitAlias>(ex, nameof(UnitAlias.Kind), nameof(UnitAlias.Key))
            || db.IsOn<Colegio>(ex, nameof(Colegio.Code)) || db.IsOn<Dependencia>(ex, nameof(Dependencia.Code)))
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            errors.Add("Mientras usted elegía, otra persona agregó uno de estos nombres o códigos. No se guardó nada: revise la lista de nuevo.");
        }
        return errors;
    }
}
