using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Scari.Web.Data;

/// <summary>
/// A set of compiled queries (<c>EF.CompileAsyncQuery</c>) per EF model. A compiled query binds itself to the model of
/// the first context that runs it and compiles again whenever a context of another model comes along; the two
/// provider contexts have two models (and the tests run both in one process), so each model gets its own set and
/// every query is compiled once per provider. Use it for the lookups that run on every request (the account, the
/// enrollment, the progress, the quiz state): a compiled query skips LINQ translation and the query cache lookup.
/// </summary>
public sealed class CompiledPerModel<TSet>(Func<TSet> compile) where TSet : class
{
    private readonly ConditionalWeakTable<IModel, TSet> _sets = new();

    public TSet For(DbContext db) => _sets.TryGetValue(db.Model, out var set) ? set : _sets.GetValue(db.Model, _ => compile());
}
