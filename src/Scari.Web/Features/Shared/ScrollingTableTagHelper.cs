using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Scari.Web.Features.Shared;

/// <summary>
/// Every table of every page scrolls inside its own box instead of widening the page on a phone (the first column stays
/// in place, site.css). The box takes keyboard focus, so it can be scrolled without a mouse (WCAG 2.1.1, axe's
/// scrollable-region-focusable), and is named by the table's caption. <c>scroll="alto"</c> also limits its height.
/// </summary>
[HtmlTargetElement("table")]
public sealed partial class ScrollingTableTagHelper : TagHelper
{
    /// <summary><c>alto</c>: a long table scrolls vertically too, within about 26 lines.</summary>
    [HtmlAttributeName("scroll")]
    public string? Scroll { get; set; }

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var content = await output.GetChildContentAsync();
        var caption = Caption().Match(content.GetContent());
        var name = caption.Success ? WebUtility.HtmlDecode(Tags().Replace(caption.Groups[1].Value, "")).Trim() : "";
        output.PreElement.SetHtmlContent(
            $"<div class=\"table-wrap{(Scroll == "alto" ? " tall" : "")}\" tabindex=\"0\" role=\"region\" aria-label=\"{WebUtility.HtmlEncode(name.Length > 0 ? name : "Tabla")}\">");
        output.PostElement.SetHtmlContent("</div>");
    }

    [GeneratedRegex("<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
