/*
 * Opening hours: say beside a line's hours whether it is open now.
 *
 * The server only writes the hours (UK time) in words, with the same hours as
 * data in [data-opening-hours]: {"monday": ["08:00", "22:00"], ...}, a day left
 * out being closed and "24:00" midnight at the end of the day. Pages are cached
 * and served to everyone, so only the visitor's browser knows what time it is:
 * this script adds "Open now, closes 10pm" or "Closed now, opens 8am tomorrow",
 * reading the time in Europe/London whatever the device's own time zone, and
 * updates it each minute. Without it, the hours alone show.
 */
(function () {
  "use strict";

  var DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  var DAY = 24 * 60;
  var WEEK = 7 * DAY;

  var lines = document.querySelectorAll("[data-opening-hours]");
  if (!lines.length || !window.Intl || !Intl.DateTimeFormat) {
    return;
  }

  var london;
  try {
    london = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/London",
      weekday: "long",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
  } catch (error) {
    return; // no time zone data: the hours alone are still there
  }

  function minutes(text) {
    var parts = text.split(":");
    return parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10);
  }

  // Minutes since Monday 00:00, UK time.
  function nowInWeek() {
    var values = {};
    london.formatToParts(new Date()).forEach(function (part) {
      values[part.type] = part.value;
    });
    var day = DAYS.indexOf(String(values.weekday).toLowerCase());
    return day * DAY + (parseInt(values.hour, 10) % 24) * 60 + parseInt(values.minute, 10);
  }

  // The week's open periods as [start, end) in minutes since Monday 00:00, joined where one runs into the next.
  function periods(hours) {
    var found = [];
    DAYS.forEach(function (name, day) {
      var period = hours[name];
      if (period) {
        found.push([day * DAY + minutes(period[0]), day * DAY + minutes(period[1])]);
      }
    });
    var joined = [];
    found.forEach(function (period) {
      var last = joined[joined.length - 1];
      if (last && last[1] === period[0]) {
        last[1] = period[1];
      } else {
        joined.push(period);
      }
    });
    // Sunday running into Monday: one period across the end of the week.
    if (joined.length > 1 && joined[joined.length - 1][1] === WEEK && joined[0][0] === 0) {
      joined[0] = [joined[joined.length - 1][0], joined[0][1] + WEEK];
      joined.pop();
    }
    return joined;
  }

  function timeInWords(total) {
    total = total % DAY;
    if (total === 0) {
      return "midnight";
    }
    if (total === 12 * 60) {
      return "midday";
    }
    var hour = Math.floor(total / 60);
    var minute = total % 60;
    var suffix = hour < 12 ? "am" : "pm";
    hour = hour % 12 || 12;
    return hour + (minute ? ":" + (minute < 10 ? "0" : "") + minute : "") + suffix;
  }

  function dayName(day) {
    var name = DAYS[day % 7];
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  // The moment ``at`` (minutes since Monday 00:00 this week, maybe beyond) as seen from ``now``: "10pm",
  // "8am tomorrow", "9am on Saturday". A closing time of midnight belongs to the day that ends then.
  function momentInWords(now, at, closing) {
    var day = Math.floor((closing ? at - 1 : at) / DAY);
    var days = day - Math.floor(now / DAY);
    var words = timeInWords(at);
    if (days === 0) {
      return words;
    }
    return days === 1 ? words + " tomorrow" : words + " on " + dayName(day);
  }

  function status(hours, now) {
    var open = periods(hours);
    if (!open.length) {
      return null;
    }
    if (open.length === 1 && open[0][1] - open[0][0] >= WEEK) {
      return { open: true, text: "Open now" };
    }
    var i;
    for (i = 0; i < open.length; i++) {
      // A period is checked in this week and (for one across the end of the week) the last.
      var starts = [open[i][0], open[i][0] - WEEK];
      for (var j = 0; j < starts.length; j++) {
        var start = starts[j];
        var end = start + (open[i][1] - open[i][0]);
        if (now >= start && now < end) {
          return { open: true, text: "Open now, closes " + momentInWords(now, end, true) };
        }
      }
    }
    var soonest = null;
    for (i = 0; i < open.length; i++) {
      var ahead = (((open[i][0] - now) % WEEK) + WEEK) % WEEK;
      if (soonest === null || ahead < soonest) {
        soonest = ahead;
      }
    }
    return { open: false, text: "Closed now, opens " + momentInWords(now, now + soonest, false) };
  }

  var shown = [];
  for (var k = 0; k < lines.length; k++) {
    var hours;
    try {
      hours = JSON.parse(lines[k].getAttribute("data-opening-hours"));
    } catch (error) {
      continue;
    }
    var note = document.createElement("strong");
    note.className = "opening-status";
    lines[k].insertAdjacentElement("afterend", note);
    lines[k].insertAdjacentText("afterend", " ");
    shown.push({ hours: hours, note: note });
  }

  function update() {
    var now = nowInWeek();
    shown.forEach(function (line) {
      var result = status(line.hours, now);
      line.note.hidden = !result;
      if (result) {
        line.note.textContent = result.text + ".";
        line.note.className = "opening-status opening-status--" + (result.open ? "open" : "closed");
      }
    });
  }

  update();
  window.setInterval(update, 60 * 1000);
})();
