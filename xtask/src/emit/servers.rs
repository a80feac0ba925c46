//! Source of the generated `servers.rs`: the spec's `servers` as named constants.

use crate::spec::Preset;

pub fn source(presets: &[Preset]) -> String {
    let mut out =
        String::from("\n//! Base URLs from the spec's `servers`; the first is the default.\n\n");
    for p in presets {
        let doc = if p.description.is_empty() {
            p.name.clone()
        } else {
            p.description.clone()
        };
        out.push_str(&format!(
            "/// {doc}\npub const {}: &str = {:?};\n\n",
            p.name, p.url
        ));
    }
    if let Some(first) = presets.first() {
        out.push_str(&format!(
            "/// The default base URL ({}).\npub const DEFAULT: &str = {};\n\n",
            first.name, first.name
        ));
    }
    let all: String = presets
        .iter()
        .map(|p| format!("({:?}, {}),", p.name, p.name))
        .collect();
    out.push_str(&format!("/// Every preset as `(name, base URL)`, in spec order.\npub const ALL: &[(&str, &str)] = &[{all}];\n"));
    out
}
