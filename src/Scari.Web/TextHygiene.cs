using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Scari.Web;

/// <summary>
/// Free text as SCARI stores it: Unicode NFC, without the invisible characters that make a name or a cargo read
/// differently from what it holds (bidirectional overrides and isolates such as U+202E, zero-width spaces and joiners,
/// the byte-order mark, other format and control characters). Line breaks and tabs stay.
/// Applied to every string bound from a form or a query (<see cref="CleanStringBinderProvider"/>) and to every CSV upload.
/// </summary>
public static class TextHygiene
{
    public static bool IsInvisible(char c) =>
        c is not ('\n' or '\r' or '\t')
        && (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);

    public static string Clean(string text)
    {
        var needsWork = false;
        foreach (var c in text)
            if (IsInvisible(c)) { needsWork = true; break; }
        if (needsWork)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var c in text) if (!IsInvisible(c)) sb.Append(c);
            text = sb.ToString();
        }
        return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    public static IServiceCollection AddScariTextHygiene(this IServiceCollection services) =>
        services.Configure<MvcOptions>(o => o.ModelBinderProviders.Insert(0, new CleanStringBinderProvider()));
}

/// <summary>Binds every string (page properties, handler parameters, nested inputs) through <see cref="TextHygiene.Clean"/>.</summary>
public sealed class CleanStringBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(string) && !context.Metadata.IsComplexType
            ? new CleanStringBinder(new SimpleTypeModelBinder(typeof(string), context.Services.GetRequiredService<ILoggerFactory>()))
            : null;

    private sealed class CleanStringBinder(IModelBinder inner) : IModelBinder
    {
        public async Task BindModelAsync(ModelBindingContext bindingContext)
        {
            await inner.BindModelAsync(bindingContext);
            if (bindingContext.Result.IsModelSet && bindingContext.Result.Model is string text)
            {
                var clean = TextHygiene.Clean(text);
                if (!ReferenceEquals(clean, text))
                {
                    bindingContext.Result = ModelBindingResult.Success(clean);
                    if (bindingContext.ModelState.TryGetValue(bindingContext.ModelName, out var entry)) entry.RawValue = clean;
                }
            }
        }
    }
}
