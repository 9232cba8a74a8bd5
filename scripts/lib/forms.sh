# Posting the app's Razor forms with curl (the benchmarks and scripts/kill-import.sh).
#   curl … PAGE | form_token    prints the antiforgery token of the first form on the page read from stdin
# It reads the whole page, so the curl before it never meets a closed pipe (which pipefail turns into a random
# failure), and fails with a message when the page has no such form.

form_token() {
  awk '!found && match($0, /name="__RequestVerificationToken" type="hidden" value="[^"]*"/) {
         token = substr($0, RSTART, RLENGTH); sub(/.*value="/, "", token); sub(/"$/, "", token); print token; found = 1
       }
       END { if (!found) { print "la página no tiene un formulario con token antifalsificación" > "/dev/stderr"; exit 1 } }'
}
