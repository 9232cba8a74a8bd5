using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Scari.Web.Data;
using Scari.Web.Features.Learning;

namespace Scari.Web.Features.Indicators;

/// <summary>One person whose presence differs between a publication and today's recount of the same date, and why.</summary>
public sealed record DriftPerson(int PersonId, string Name, string Document, bool Added, string Reason);

/// <summary>A publication beside today's recount of its date: "+N / −M personas desde la publicación", with the people.</summary>
public sealed record Drift(PublicationSummary Publication, int LivePeople, IReadOnlyList<DriftPerson> People)
{
    public int Added => People.Count(p => p.Added);
    public int Removed => People.Count(p => !p.Added);
}

/// <summary>
/// Recounts a publication's date live and compares the people (from the frozen admin-only file, which never changes)
/// with today's: who was added and who left, with the reason read from the records. The published numbers stay as they are.
/// </summary>
public sealed class CutoffDrift(ScariDbContext db, CutoffPublishing publishing, IndicatorDefinitions definitions, IMemoryCache cache)
{
    public async Task<Drift?> LatestAsync(string indicatorId, CancellationToken ct)
    {
        var latest = (await publishing.ListAsync(ct)).FirstOrDefault(p => p.IndicatorId == indicatorId && p.SupersededById is null);
        return latest is null ? null : await ForAsync(latest, ct);
    }

    public async Task<Drift?> ForAsync(PublicationSummary publication, CancellationToken ct) =>
        // A void or its undo shows at once (the key changes); other changes within IndicatorCounter.CacheFor.
        await cache.GetOrCreateAsync($"deriva:{publication.Id}:{(await db.Completions.Where(c => c.VoidChangedUtc != null).MaxAsync(c => c.VoidChangedUtc, ct))?.Ticks}", async e =>
        {
            e.AbsoluteExpirationRelativeToNow = IndicatorCounter.CacheFor;
            if (definitions.Find(publication.IndicatorId) is not { } ind) return null;
            var gz = await db.CutoffPublications.AsNoTracking().Where(p => p.Id == publication.Id).Select(p => p.PeopleFileGzip).SingleAsync(ct);
            var frozen = CutoffFiles.ReadPeopleFile(CutoffFiles.Gunzip(gz));
            var live = await publishing.RowsAsync(ind, publication.Cutoff, ct);

            var frozenPeople = frozen.Select(r => r.PersonId).ToHashSet();
            var livePeople = live.Select(r => r.PersonId).ToHashSet();
            var added = livePeople.Except(frozenPeople).ToList();
            var removed = frozenPeople.Except(livePeople).ToList();
            var ids = added.Concat(removed).ToList();
            var people = new Dictionary<int, (string Name, string Document)>();
            foreach (var chunk in ids.Chunk(1000))
                foreach (var p in await db.People.AsNoTracking().Where(p => chunk.Contains(p.Id))
                    .Select(p => new { p.Id, p.GivenNames, p.FamilyNames, p.DocumentType, p.DocumentNumber, p.AnonymizedUtc }).ToListAsync(ct))
                    people[p.Id] = p.AnonymizedUtc is null ? ($"{p.FamilyNames}, {p.GivenNames}", $"{p.DocumentType} {p.DocumentNumber}") : ("Persona anonimizada", "");

            // Merged records: the one that went is named as it was; the one kept counts in its place.
            var merges = new List<People.PersonMerge>();
            foreach (var chunk in ids.Chunk(1000))
                merges.AddRange(await db.PersonMerges.AsNoTracking()
                    .Where(m => m.UndoneUtc == null && (chunk.Contains(m.MergedPersonId) || chunk.Contains(m.SurvivorPersonId))).ToListAsync(ct));
            foreach (var m in merges.Where(m => removed.Contains(m.MergedPersonId)))
                people.TryAdd(m.MergedPersonId, (m.MergedName.Length > 0 ? m.MergedName : "Registro fusionado", m.MergedDocument));

            // Why each one left: their frozen completions are gone, have only revoked certificates, or no longer qualify (audience or unit changed).
            var removedCompletions = frozen.Where(r => removed.Contains(r.PersonId)).Select(r => r.CompletionId).ToList();
            var existing = new HashSet<int>();
            var revoked = new HashSet<int>();
            var voided = new Dictionary<int, string?>();
            foreach (var chunk in removedCompletions.Chunk(1000))
            {
                existing.UnionWith(await db.Completions.Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct));
                foreach (var v in await db.Completions.Where(c => chunk.Contains(c.Id) && c.VoidedUtc != null).Select(c => new { c.Id, c.VoidReason }).ToListAsync(ct))
                    voided[v.Id] = v.VoidReason;
                revoked.UnionWith(await db.Certificates.Where(c => chunk.Contains(c.CompletionId) && c.RevokedUtc != null
                    && !db.Certificates.Any(l => l.CompletionId == c.CompletionId && l.RevokedUtc == null)).Select(c => c.CompletionId).ToListAsync(ct));
            }
            string WhyRemoved(int personId)
            {
                if (merges.FirstOrDefault(m => m.MergedPersonId == personId) is { } merge)
                    return $"se fusionó con el registro {merge.SurvivorPersonId} de la misma persona (fusión {merge.Id}): cuenta una vez";
                var mine = frozen.Where(r => r.PersonId == personId).Select(r => r.CompletionId).ToList();
                if (mine.All(id => !existing.Contains(id))) return "su registro se eliminó";
                if (mine.Any(voided.ContainsKey) && mine.All(id => !existing.Contains(id) || revoked.Contains(id) || voided.ContainsKey(id)))
                    return $"anulado: {string.Join("; ", mine.Where(voided.ContainsKey).Select(id => voided[id]).Distinct())}";
                if (mine.All(id => !existing.Contains(id) || revoked.Contains(id))) return "su certificado fue revocado";
                return "cambió su público o sus datos en esa fecha";
            }
            var frozenIds = frozen.Select(r => r.CompletionId).ToHashSet();
            var addedSet = added.ToHashSet();
            var addedCompletions = live.Where(r => !frozenIds.Contains(r.CompletionId) && addedSet.Contains(r.PersonId)).Select(r => r.CompletionId).ToList();
            var restored = new HashSet<int>();
            var imported = new HashSet<int>();
            foreach (var chunk in addedCompletions.Chunk(1000))
                imported.UnionWith(await db.Completions.Where(c => chunk.Contains(c.Id) && c.ImportId != null).Select(c => c.Id).ToListAsync(ct));
            foreach (var chunk in addedCompletions.Chunk(1000))
                restored.UnionWith(await db.Completions.Where(c => chunk.Contains(c.Id) && c.VoidedUtc == null && c.VoidChangedUtc != null).Select(c => c.Id).ToListAsync(ct));
            var maxFrozen = frozen.Count == 0 ? 0 : frozen.Max(r => r.CompletionId);
            string WhyAdded(int personId)
            {
                if (merges.FirstOrDefault(m => m.SurvivorPersonId == personId && frozenPeople.Contains(m.MergedPersonId)) is { } merge)
                    return $"conserva el registro {merge.MergedPersonId} ({merge.MergedDocument}), que se le unió en una fusión (fusión {merge.Id})";
                var mine = live.Where(r => r.PersonId == personId && !frozenIds.Contains(r.CompletionId)).ToList();
                if (mine.Any(r => restored.Contains(r.CompletionId))) return "se deshizo la anulación de su registro";
                if (mine.Any(r => r.CompletionId > maxFrozen))
                    return mine.Any(r => r.Source != CompletionSource.Online) || imported.Overlaps(mine.Select(r => r.CompletionId)) ? "registro presencial o importado después de la publicación" : "finalización registrada después de la publicación";
                return "cambió su público o sus datos en esa fecha";
            }

            var list = added.Select(id => new DriftPerson(id, people.GetValueOrDefault(id).Name ?? $"Persona {id}", people.GetValueOrDefault(id).Document ?? "", true, WhyAdded(id)))
                .Concat(removed.Select(id => new DriftPerson(id, people.GetValueOrDefault(id).Name ?? $"Persona {id}", people.GetValueOrDefault(id).Document ?? "", false, WhyRemoved(id))))
                .OrderBy(p => p.Added ? 0 : 1).ThenBy(p => p.Name, StringComparer.Create(Bogota.Culture, false)).ToList();
            return new Drift(publication, livePeople.Count, list);
        });
}
