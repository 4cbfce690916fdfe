//! Where `e` writes an export when the config says nothing: the member's documents folder
//! (XDG_DOCUMENTS_DIR, else ~/文档 or ~/Documents by language), in a `xuexi` folder. Those
//! folders come from HOME and XDG_CONFIG_HOME in the process's environment, which the other
//! tests' threads share: the checks run in a child process started with them set
//! (`common::run_in_child`).

use std::path::{Path, PathBuf};

use crate::common;
use xuexi::cli::Global;
use xuexi::service::bootstrap::Env;

#[test]
fn exports_go_to_the_members_documents_folder() {
    if !common::in_child() {
        let home = tempfile::tempdir().unwrap();
        let config_home = home.path().join(".config");
        std::fs::create_dir_all(&config_home).unwrap();
        common::run_in_child(
            module_path!(),
            "exports_go_to_the_members_documents_folder",
            &[
                ("HOME", home.path().as_os_str()),
                ("XDG_CONFIG_HOME", config_home.as_os_str()),
            ],
            &["XDG_DOCUMENTS_DIR"],
        );
        return;
    }
    // the child: HOME is the parent's temporary folder, removed by the parent afterwards
    let home = PathBuf::from(std::env::var_os("HOME").unwrap());
    let config_home = PathBuf::from(std::env::var_os("XDG_CONFIG_HOME").unwrap());
    let empty = home.join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    let env = |lang: &str, config: &Path| {
        Env::resolve(&Global {
            data_dir: Some(home.join("data")),
            config: Some(config.to_path_buf()),
            lang: Some(lang.into()),
            profile: None,
        })
        .unwrap()
    };
    // no documents folder set: named in the member's language
    assert_eq!(
        env("zh-CN", &empty).export_dir(),
        home.join("文档").join("xuexi")
    );
    assert_eq!(
        env("en", &empty).export_dir(),
        home.join("Documents").join("xuexi")
    );
    // the desktop's documents folder (user-dirs.dirs), whatever its name
    std::fs::write(
        config_home.join("user-dirs.dirs"),
        "XDG_DOCUMENTS_DIR=\"$HOME/我的文档\"\n",
    )
    .unwrap();
    assert_eq!(
        env("en", &empty).export_dir(),
        home.join("我的文档").join("xuexi")
    );
    // the config's [export] dir wins, ~ being the home folder
    let cfg = home.join("c.toml");
    std::fs::write(&cfg, "[export]\ndir = \"~/述学\"\n").unwrap();
    assert_eq!(env("zh-CN", &cfg).export_dir(), home.join("述学"));
}
