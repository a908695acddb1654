#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that the French translation is complete and that the UI marks its
# strings for translation.  Usage: check-po.sh SOURCE_ROOT
#
#  a. regenerates the template from po/POTFILES.in into a temporary
#     directory, with the same xgettext command as the translators use;
#  b. merges po/fr.po with it (msgmerge --no-fuzzy-matching) and fails,
#     listing them, if any message is untranslated or fuzzy: a new source
#     string that is not translated yet makes this test fail;
#  c. runs msgfmt --check (formats, plural forms, header) and
#     --check-accelerators=_ (one mnemonic underscore kept) on po/fr.po;
#  d. fails when src/ui shows users a string literal that is not marked:
#     a literal passed directly (not inside _(), N_(), C_()…) as the
#     visible-text argument of gtk_label_new, adw_status_page_set_title,
#     adw_preferences_row_set_title, gtk_button_new_with_mnemonic,
#     gtk_widget_set_tooltip_text, adw_toast_new and similar calls (table
#     below), and, in .ui files, a visible property without
#     translatable="yes".  Reported as file:line;
#  e. fails when a file that holds marked strings is missing from
#     po/POTFILES.in (its strings would silently never reach the template),
#     or when POTFILES.in names a file that does not exist.
#
# Exit status: 0 when everything passes, 1 on a failure, 77 (skipped) when
# the gettext tools are not installed.
set -u

srcdir=${1:?usage: check-po.sh SOURCE_ROOT}
lang=fr

if [ ! -f "$srcdir/po/POTFILES.in" ] || [ ! -f "$srcdir/po/$lang.po" ]; then
  echo "error: $srcdir has no po/POTFILES.in or po/$lang.po" >&2
  exit 1
fi

for tool in xgettext msgmerge msgattrib msgfmt; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "skipped: $tool is not installed (gettext tools needed)" >&2
    exit 77
  fi
done

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/check-po.XXXXXX") || exit 1
trap 'rm -rf "$tmpdir"' EXIT
trap 'exit 1' HUP INT TERM

cd "$srcdir" || exit 1
status=0

# Prints the entries of a PO file, without its header.
entries_of () {
  awk 'BEGIN { RS = "" }
       /(^|\n)msgid ""\nmsgstr/ { next }   # the header
       { print; print ""; n++ }
       END { exit n > 0 ? 0 : 1 }' "$1"
}

# ---- a. template ----------------------------------------------------------
if ! xgettext --from-code=UTF-8 --add-comments=Translators \
       --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
       --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
       -f po/POTFILES.in -D . -o "$tmpdir/connecteur.pot"; then
  echo "error: xgettext could not extract the strings listed in po/POTFILES.in" >&2
  exit 1
fi
n_msgids=$(grep -c '^msgid ' "$tmpdir/connecteur.pot")
if [ "$n_msgids" -le 1 ]; then
  echo "error: the template extracted from po/POTFILES.in is empty" >&2
  exit 1
fi

# ---- b. complete translation -----------------------------------------------
if ! msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmpdir/connecteur.pot" \
       -o "$tmpdir/$lang.po"; then
  echo "error: msgmerge failed on po/$lang.po" >&2
  exit 1
fi

msgattrib --untranslated --no-obsolete --no-wrap "$tmpdir/$lang.po" -o "$tmpdir/untranslated.po"
msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmpdir/$lang.po" -o "$tmpdir/fuzzy.po"

if [ -s "$tmpdir/untranslated.po" ] && entries_of "$tmpdir/untranslated.po" > "$tmpdir/list"; then
  echo "error: messages not translated in po/$lang.po:" >&2
  cat "$tmpdir/list" >&2
  status=1
fi
if [ -s "$tmpdir/fuzzy.po" ] && entries_of "$tmpdir/fuzzy.po" > "$tmpdir/list"; then
  echo "error: fuzzy messages in po/$lang.po (check them, then remove the fuzzy flag):" >&2
  cat "$tmpdir/list" >&2
  status=1
fi
n_obsolete=$(grep -c '^#~ msgid ' "$tmpdir/$lang.po")
if [ "$n_obsolete" -gt 0 ]; then
  echo "note: $n_obsolete message(s) of po/$lang.po are no longer in the sources (obsolete)"
fi

# ---- c. msgfmt --check -------------------------------------------------------
if ! msgfmt --check --check-accelerators=_ -o /dev/null "po/$lang.po"; then
  echo "error: msgfmt --check failed on po/$lang.po (see above)" >&2
  status=1
fi

# ---- d. user-visible literals that are not marked ---------------------------------
# function:arguments whose string literal is shown to users.  Arguments are
# counted from 1; "N+" means from N on, "odd3" the 3rd, 5th… (label of
# id/label pairs), "props" a value following a property name from the
# list in the awk program (g_object_set and the like).
visible_args='
gtk_label_new:1 gtk_label_new_with_mnemonic:1 gtk_label_set_text:2
gtk_label_set_label:2 gtk_label_set_markup:2 gtk_label_set_text_with_mnemonic:2
gtk_label_set_markup_with_mnemonic:2
gtk_button_new_with_label:1 gtk_button_new_with_mnemonic:1 gtk_button_set_label:2
gtk_check_button_new_with_label:1 gtk_check_button_new_with_mnemonic:1
gtk_check_button_set_label:2
gtk_toggle_button_new_with_label:1 gtk_toggle_button_new_with_mnemonic:1
gtk_menu_button_set_label:2 gtk_link_button_new_with_label:2
gtk_widget_set_tooltip_text:2 gtk_widget_set_tooltip_markup:2
gtk_window_set_title:2 gtk_entry_set_placeholder_text:2
gtk_search_entry_set_placeholder_text:2 gtk_text_set_placeholder_text:2
gtk_file_chooser_native_new:1,4,5 gtk_file_dialog_set_title:2
gtk_file_dialog_set_accept_label:2 gtk_file_dialog_set_initial_name:2
gtk_file_chooser_set_current_name:2 gtk_file_filter_set_name:2
gtk_string_list_append:2 gtk_stack_add_titled:4 gtk_stack_page_set_title:2
gtk_alert_dialog_new:1 gtk_alert_dialog_set_message:2 gtk_alert_dialog_set_detail:2
gtk_accessible_update_property:3+ gtk_accessible_update_relation:3+
g_menu_append:2 g_menu_insert:3 g_menu_prepend:2 g_menu_item_new:1
g_menu_item_set_label:2 g_menu_append_section:2 g_menu_append_submenu:2
g_application_set_application_name:1 g_set_application_name:1
adw_status_page_set_title:2 adw_status_page_set_description:2
adw_preferences_row_set_title:2 adw_action_row_set_subtitle:2
adw_expander_row_set_subtitle:2
adw_preferences_group_set_title:2 adw_preferences_group_set_description:2
adw_preferences_page_set_title:2 adw_preferences_page_set_description:2
adw_window_title_new:1,2 adw_window_title_set_title:2 adw_window_title_set_subtitle:2
adw_toast_new:1 adw_toast_new_format:1 adw_toast_set_title:2 adw_toast_set_button_label:2
adw_message_dialog_new:2,3 adw_message_dialog_set_heading:2 adw_message_dialog_set_body:2
adw_message_dialog_format_heading:2 adw_message_dialog_format_body:2
adw_message_dialog_add_response:3 adw_message_dialog_add_responses:odd3
adw_message_dialog_set_response_label:3
adw_alert_dialog_new:1,2 adw_alert_dialog_set_heading:2 adw_alert_dialog_set_body:2
adw_alert_dialog_add_response:3 adw_alert_dialog_add_responses:odd3
adw_banner_new:1 adw_banner_set_title:2 adw_banner_set_button_label:2
adw_tab_page_set_title:2 adw_view_stack_add_titled:4 adw_view_stack_add_titled_with_icon:4
adw_view_stack_page_set_title:2 adw_navigation_page_new:2 adw_navigation_page_set_title:2
adw_split_button_set_label:2 adw_button_content_set_label:2
adw_about_window_set_comments:2 adw_show_about_window:props
g_object_new:props g_object_set:props
toast:2 show_error:2 header_button:2 icon_button:2 status_page_button:1
sidebar_row:3 filter_dropdown:3 add_entry:3 add_combo:2 add_choice_combo:2
contact_entry:2 info_row:1 url_row:2 set_error:3
'
# The last two lines are helpers of src/ui (title, tooltip, message…).

ui_sources=$(find src/ui -type f -name '*.c' | LC_ALL=C sort)
if [ -z "$ui_sources" ]; then
  echo "error: no C source in src/ui" >&2
  status=1
else
  # shellcheck disable=SC2086 # file names of the project have no spaces
  awk -v spec="$visible_args" '
function has_mode(name, argn,    m, n, parts, i) {
  m = mode[name]
  if (m == "props") return 0
  if (m == "odd3") return argn >= 3 && argn % 2 == 1
  if (m ~ /^[0-9]+\+$/) return argn >= substr(m, 1, length(m) - 1) + 0
  n = split(m, parts, ",")
  for (i = 1; i <= n; i++)
    if (parts[i] + 0 == argn) return 1
  return 0
}
function literal(s,    name) {
  if (depth == 0) return
  name = sname[depth]
  had = (cur_lit[depth] != "")
  cur_lit[depth] = cur_lit[depth] s
  if (had || !(name in mode) || s !~ /[A-Za-z]/) return
  if (mode[name] == "props") {
    if (sarg[depth] < 2 || !(prev_lit[depth] in visible_prop)) return
  } else if (!has_mode(name, sarg[depth])) return
  printf "%s:%d: %s (… \"%s\" …) is not marked for translation\n", FILENAME, FNR, name, s
  found++
}
BEGIN {
  n = split(spec, items, /[ \t\n]+/)
  for (i = 1; i <= n; i++) {
    if (items[i] == "") continue
    c = index(items[i], ":")
    mode[substr(items[i], 1, c - 1)] = substr(items[i], c + 1)
  }
  np = split("label title subtitle tooltip-text tooltip-markup placeholder-text " \
             "description heading body text button-label comments application-name " \
             "translator-credits accept-label cancel-label initial-name message detail", p, " ")
  for (i = 1; i <= np; i++) visible_prop[p[i]] = 1
  found = 0
}
FNR == 1 { depth = 0; in_comment = 0; in_pp = 0; last_ident = "" }
{
  line = $0
  if (in_pp || (!in_comment && line ~ /^[ \t]*#/)) {
    in_pp = (line ~ /\\$/)
    next
  }
  len = length(line); i = 1
  while (i <= len) {
    ch = substr(line, i, 1)
    if (in_comment) {
      if (ch == "*" && substr(line, i + 1, 1) == "/") { in_comment = 0; i += 2 } else i++
      continue
    }
    if (ch == "/" && substr(line, i + 1, 1) == "*") { in_comment = 1; i += 2; continue }
    if (ch == "/" && substr(line, i + 1, 1) == "/") break
    if (ch ~ /[A-Za-z_]/) {
      j = i
      while (j <= len && substr(line, j, 1) ~ /[A-Za-z0-9_]/) j++
      last_ident = substr(line, i, j - i); i = j
      continue
    }
    if (ch == " " || ch == "\t") { i++; continue }
    if (ch == "\"" || ch == "\047") {
      j = i + 1; s = ""
      while (j <= len) {
        c2 = substr(line, j, 1)
        if (c2 == "\\") { s = s substr(line, j, 2); j += 2; continue }
        if (c2 == ch) break
        s = s c2; j++
      }
      if (ch == "\"") literal(s)
      i = j + 1; last_ident = ""
      continue
    }
    if (ch == "(") {
      depth++
      sname[depth] = last_ident; sarg[depth] = 1
      cur_lit[depth] = ""; prev_lit[depth] = ""
    } else if (ch == ")") {
      if (depth > 0) depth--
    } else if (ch == "," && depth > 0) {
      prev_lit[depth] = cur_lit[depth]; cur_lit[depth] = ""; sarg[depth]++
    }
    last_ident = ""
    i++
  }
}
END { exit found > 0 ? 1 : 0 }' $ui_sources > "$tmpdir/unmarked"
  rc=$?
  if [ "$rc" -eq 1 ]; then
    echo "error: string literals shown to users but not marked with _() in src/ui:" >&2
    cat "$tmpdir/unmarked" >&2
    status=1
  elif [ "$rc" -ne 0 ]; then
    echo "error: awk failed while scanning src/ui" >&2
    status=1
  fi
fi

# Visible properties of GtkBuilder files without translatable="yes".
find src/ui -type f -name '*.ui' | LC_ALL=C sort > "$tmpdir/ui-files"
if [ -s "$tmpdir/ui-files" ]; then
  xargs grep -nE -e '<(property|attribute) name="(label|title|subtitle|tooltip-text|tooltip-markup|placeholder-text|description|heading|body|text|button-label|accessible-label)"[^>]*>[^<]*[A-Za-z][^<]*<|<item[ >][^<]*[A-Za-z]' /dev/null \
    < "$tmpdir/ui-files" | grep -vE 'translatable="(yes|true|1)"' > "$tmpdir/unmarked-ui"
  if [ -s "$tmpdir/unmarked-ui" ]; then
    echo "error: visible texts of .ui files without translatable=\"yes\":" >&2
    cat "$tmpdir/unmarked-ui" >&2
    status=1
  fi
fi

# ---- e. POTFILES.in is complete ----------------------------------------------------
sed -e 's/#.*//' -e 's/^\[[^]]*\][[:space:]]*//' -e 's/[[:space:]]*$//' po/POTFILES.in |
  grep -v '^$' | LC_ALL=C sort -u > "$tmpdir/potfiles"
while IFS= read -r f; do
  if [ ! -f "$f" ]; then
    echo "error: po/POTFILES.in lists $f, which does not exist" >&2
    status=1
  fi
done < "$tmpdir/potfiles"
{
  # C files calling a gettext marker outside comments
  find src -type f \( -name '*.c' -o -name '*.h' \) -exec awk '
    FNR == 1 { in_comment = 0 }
    {
      rest = $0; code = ""
      while (rest != "") {
        if (in_comment) {
          p = index(rest, "*/")
          if (!p) break
          rest = substr(rest, p + 2); in_comment = 0
        } else {
          p = index(rest, "/*"); q = index(rest, "//")
          if (q && (!p || q < p)) { code = code substr(rest, 1, q - 1); break }
          if (!p) { code = code rest; break }
          code = code substr(rest, 1, p - 1); rest = substr(rest, p + 2); in_comment = 1
        }
      }
      if (code ~ /(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext)[ \t]*\(/)
        print FILENAME
    }' {} +
  find src -type f -name '*.ui' -exec grep -lE 'translatable="(yes|true|1)"' {} +
  find data -type f \( -name '*.desktop.in' -o -name '*.desktop.in.in' \
       -o -name '*.metainfo.xml.in' -o -name '*.metainfo.xml.in.in' \
       -o -name '*.appdata.xml.in' -o -name '*.gschema.xml' \) 2>/dev/null
} | sed 's|^\./||' | LC_ALL=C sort -u > "$tmpdir/marked"
LC_ALL=C comm -23 "$tmpdir/marked" "$tmpdir/potfiles" > "$tmpdir/missing"
if [ -s "$tmpdir/missing" ]; then
  echo "error: files with translatable strings missing from po/POTFILES.in:" >&2
  cat "$tmpdir/missing" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  n_entries=$(entries_of "$tmpdir/$lang.po" | grep -c '^msgid ')
  echo "ok: po/$lang.po translates all $n_entries messages of the template; src/ui marks its visible strings"
fi
exit "$status"
