//! The office adds the county's own typical problem to the 问题库 before the round: 光伏扶贫
//! 收益 (the villages' solar income of the seed article) is how the county's problems often
//! read. The shipped first edition with that line becomes the county's 第2版.

use xuncha_app::AppResult;
use xuncha_app::library::LibraryImportInput;

use time::macros::date;

use crate::calendar::Thread;
use crate::cast::County;

/// The county's line, in the library file's format. A county numbers its own typical problems
/// from 51 within an aspect, clear of the numbers later shipped editions add.
const SOLAR: &str = "1.2.51\t贯彻落实党的路线方针政策和县委决策部署\t落实乡村振兴和巩固脱贫攻坚成果部署\t光伏扶贫收益分配使用不规范\t村级光伏扶贫电站收益未按规定分配使用,公益岗位设置和奖补发放不规范\t《光伏扶贫电站管理办法》及县光伏扶贫收益分配使用办法\t光伏收益&(分配|使用|公益岗|公益性岗位|奖补|发放|纳入)|光伏扶贫|光伏电站&收益|光伏扶贫&(收益|分配|使用)\n";

pub async fn county_edition(c: &County<'_>, t: &Thread<'_>) -> AppResult<()> {
    t.on(date!(2023 - 04 - 20)).await;
    let mut source = xuncha_app::library::FIRST_EDITION.to_string();
    if !source.ends_with('\n') {
        source.push('\n');
    }
    source.push_str(SOLAR);
    let lines = source.lines().map(str::to_string).collect();
    let note = "增加本县“光伏扶贫收益分配使用不规范”典型问题".into();
    let input = LibraryImportInput { note, lines, preview: false };
    c.app.import_library(&c.office, &input).await?;
    Ok(())
}
